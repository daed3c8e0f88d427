import type { Metadata } from "next";
import { AccountPage } from "@/components/account/account-page";
import { I18nProvider } from "@/lib/i18n/i18n-context";

export const metadata: Metadata = { title: "Account · Lumia" };

export default function Account() {
  return (
    <I18nProvider>
      <AccountPage />
    </I18nProvider>
  );
}
