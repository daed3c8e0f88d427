import type { Metadata } from "next";
import styles from "@/components/account/account.module.css";
import { SignInForm } from "@/components/account/sign-in-form";
import { I18nProvider } from "@/lib/i18n/i18n-context";

export const metadata: Metadata = { title: "Sign in · Lumia" };

export default function SignIn() {
  return (
    <I18nProvider>
      <main className={styles.page}>
        <SignInForm />
      </main>
    </I18nProvider>
  );
}
