/** Cookie names of the choices the server needs for the first paint (language, theme). */
export const LOCALE_COOKIE = "lumia.locale";
export const THEME_COOKIE = "lumia.theme";

export type ThemeChoice = "light" | "dark" | "system";

const YEAR_S = 365 * 24 * 3600;

/** Saves a choice as a cookie for the server's next render (client side only). */
export function writePreferenceCookie({ name, value }: { name: string; value: string | null }): void {
  // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is missing from Firefox and older Safari
  document.cookie =
    value === null
      ? `${name}=; path=/; max-age=0; samesite=lax`
      : `${name}=${encodeURIComponent(value)}; path=/; max-age=${YEAR_S}; samesite=lax`;
}

/** Applies a theme to the page at once: `data-theme` on <html> (absent: follow the system). */
export function applyTheme(theme: ThemeChoice): void {
  const root = document.documentElement;
  if (theme === "system") root.removeAttribute("data-theme");
  else root.dataset.theme = theme;
}
