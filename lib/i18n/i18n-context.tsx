"use client";

import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { LOCALES, type Locale, pickLocale, type UIStrings } from "./messages";

const STORAGE_KEY = "lumia.locale";

interface I18n {
  locale: Locale;
  t: UIStrings;
  setLocale(locale: Locale): void;
}

const I18nContext = createContext<I18n>({ locale: "en", t: LOCALES.en, setLocale: () => {} });

/** Picks the language from a saved choice or navigator.languages after mount (the server renders English). */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>("en");
  useEffect(() => {
    const saved = localStorage.getItem(STORAGE_KEY);
    setLocaleState(
      saved === "en" || saved === "sv" ? saved : pickLocale(navigator.languages ?? [navigator.language]),
    );
  }, []);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const setLocale = useCallback((next: Locale) => {
    localStorage.setItem(STORAGE_KEY, next);
    setLocaleState(next);
  }, []);
  const value = useMemo(() => ({ locale, t: LOCALES[locale], setLocale }), [locale, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}
