import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import "./globals.css";

// Rendered per request: each page carries its own CSP nonce (lib/security/request-guard.ts), which a
// prerendered page could not.
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

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
