import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { I18nProvider } from "@/lib/i18n/i18n-context";
import { serverLocale, serverTheme } from "@/lib/i18n/server-locale";
import "./globals.css";

// Rendered per request: each page carries its own CSP nonce (lib/security/request-guard.ts), which a
// prerendered page could not; the language and theme come from the request too.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Lumia",
  description: "A self-hosted chat assistant that streams your local models in real time.",
  icons: { icon: "/icon.svg" },
};

export const viewport: Viewport = {
  colorScheme: "light dark",
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#15161a" },
  ],
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const [locale, theme] = await Promise.all([serverLocale(), serverTheme()]);
  return (
    <html lang={locale} data-theme={theme === "system" ? undefined : theme}>
      <body>
        <I18nProvider initialLocale={locale}>{children}</I18nProvider>
      </body>
    </html>
  );
}
