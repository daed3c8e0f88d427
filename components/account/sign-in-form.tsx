"use client";

import { useState } from "react";
import { authCall } from "@/lib/client/auth-api";
import { accountStrings } from "@/lib/i18n/account-strings";
import { useI18n } from "@/lib/i18n/i18n-context";
import styles from "./account.module.css";

/** Sign in, or create an account (the first one is the admin; later ones may wait for approval). */
export function SignInForm() {
  const { locale } = useI18n();
  const t = accountStrings[locale];
  const [mode, setMode] = useState<"sign-in" | "sign-up">("sign-in");
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (form: HTMLFormElement) => {
    const data = new FormData(form);
    const body = {
      email: String(data.get("email") ?? ""),
      password: String(data.get("password") ?? ""),
      ...(mode === "sign-up" ? { name: String(data.get("name") ?? "") } : {}),
    };
    setBusy(true);
    setProblem(null);
    const result = await authCall({ path: `/api/auth/${mode}/email`, method: "POST", body });
    setBusy(false);
    if (result.ok) {
      const next = new URLSearchParams(window.location.search).get("next");
      // Only a path on this site: never an address another page put in the link.
      window.location.assign(next?.startsWith("/") && !next.startsWith("//") ? next : "/");
      return;
    }
    if (result.code === "ACCOUNT_PENDING") setProblem(t.pending);
    else if (result.status === 401) setProblem(t.wrongCredentials);
    else if (result.status === 429) setProblem(t.tooMany(result.retryAfter ?? "60"));
    else if (result.status === 404) setProblem(t.accountsOff);
    else setProblem(`${t.failed}: ${result.message}`);
  };

  return (
    <form
      className={styles.card}
      data-testid="sign-in-form"
      onSubmit={(event) => {
        event.preventDefault();
        void submit(event.currentTarget);
      }}
    >
      <h1>{mode === "sign-in" ? t.signInTitle : t.signUpTitle}</h1>
      {mode === "sign-up" && (
        <label className={styles.field}>
          {t.name}
          <input name="name" autoComplete="name" required maxLength={100} />
        </label>
      )}
      <label className={styles.field}>
        {t.email}
        <input name="email" type="email" autoComplete="email" required />
      </label>
      <label className={styles.field}>
        {t.password}
        <input
          name="password"
          type="password"
          autoComplete={mode === "sign-in" ? "current-password" : "new-password"}
          minLength={8}
          required
        />
      </label>
      {problem && (
        <p className={styles.problem} role="alert" data-testid="sign-in-problem">
          {problem}
        </p>
      )}
      <button type="submit" className="button primary" disabled={busy} data-testid="sign-in-submit">
        {mode === "sign-in" ? t.signIn : t.signUp}
      </button>
      <button
        type="button"
        className={styles.linkButton}
        onClick={() => {
          setMode(mode === "sign-in" ? "sign-up" : "sign-in");
          setProblem(null);
        }}
      >
        {mode === "sign-in" ? t.toSignUp : t.toSignIn}
      </button>
    </form>
  );
}
