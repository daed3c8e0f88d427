import type { Metadata } from "next";
import styles from "@/components/account/account.module.css";
import { SignInForm } from "@/components/account/sign-in-form";

export const metadata: Metadata = { title: "Sign in · Lumia" };

export default function SignIn() {
  return (
    <main className={styles.page}>
      <SignInForm />
    </main>
  );
}
