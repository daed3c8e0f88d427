"use client";

import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from "react";
import { LOCALES, type Locale, type UIStrings } from "./messages";
import { LOCALE_COOKIE, writePreferenceCookie } from "./preferences";

interface I18n {
  locale: Locale;
  t: UIStrings;
  setLocale(locale: Locale): void;
}

const I18nContext = createContext<I18n>({ locale: "en", t: LOCALES.en, setLocale: () => {} });

/**
 * The UI language, as the server rendered it (lib/i18n/server-locale.ts: the saved choice, else the
 * browser's Accept-Language), so the first paint is in the right language. A switch is saved as a cookie.
 */
export function I18nProvider({ initialLocale, children }: { initialLocale: Locale; children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  const setLocale = useCallback((next: Locale) => {
    writePreferenceCookie({ name: LOCALE_COOKIE, value: next });
    document.documentElement.lang = next;
    setLocaleState(next);
  }, []);
  const value = useMemo(() => ({ locale, t: LOCALES[locale], setLocale }), [locale, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}
