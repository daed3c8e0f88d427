import "server-only";
import { cookies, headers } from "next/headers";
import { type Locale, pickLocale } from "./messages";
import { LOCALE_COOKIE, THEME_COOKIE, type ThemeChoice } from "./preferences";

/**
 * The page's language on the server, so the first paint is already in it: the saved choice (a cookie
 * the language switch writes), else the browser's Accept-Language.
 */
export async function serverLocale(): Promise<Locale> {
  const saved = (await cookies()).get(LOCALE_COOKIE)?.value;
  if (saved === "en" || saved === "sv") return saved;
  const accepted = (await headers()).get("accept-language") ?? "";
  return pickLocale(accepted.split(",").map((part) => part.split(";")[0]?.trim() ?? ""));
}

/** The theme saved by the settings dialog: light, dark or (no cookie) the system's. */
export async function serverTheme(): Promise<ThemeChoice> {
  const saved = (await cookies()).get(THEME_COOKIE)?.value;
  return saved === "light" || saved === "dark" ? saved : "system";
}
