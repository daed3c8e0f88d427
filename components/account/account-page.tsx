"use client";

import { useEffect, useState } from "react";
import { authCall } from "@/lib/client/auth-api";
import { accountStrings } from "@/lib/i18n/account-strings";
import { useI18n } from "@/lib/i18n/i18n-context";
import styles from "./account.module.css";
import { ApiKeys } from "./api-keys";
import { UsersAdmin } from "./users-admin";

interface Session {
  user: { id: string; name: string; email: string; role?: string | null };
}

/** The signed-in user's page: who they are, sign out, their API keys, and for an admin the users. */
export function AccountPage() {
  const { locale } = useI18n();
  const t = accountStrings[locale];
  const [session, setSession] = useState<Session | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    void authCall<Session | null>({ path: "/api/auth/get-session" }).then((result) => {
      if (result.ok && result.data) setSession(result.data);
      else if (result.ok || result.status === 401) window.location.assign("/sign-in?next=/account");
      else setProblem(result.status === 404 ? t.accountsOff : `${t.failed}: ${result.message}`);
    });
  }, [t]);

  const signOut = async () => {
    await authCall({ path: "/api/auth/sign-out", method: "POST", body: {} });
    window.location.assign("/sign-in");
  };

  return (
    <main className={styles.page}>
      <div className={styles.wide}>
        <section className={styles.card} aria-labelledby="account-title">
          <h1 id="account-title">{t.accountTitle}</h1>
          {problem && <p className={styles.problem}>{problem}</p>}
          {session && (
            <div className={styles.row}>
              <div data-testid="signed-in-as">
                {t.signedInAs} <strong>{session.user.email}</strong>
                {session.user.role === "admin" ? ` · ${t.admin}` : ""}
              </div>
              <div className={styles.inline}>
                <a className="button" href="/">
                  {t.backToChat}
                </a>
                <button
                  type="button"
                  className="button"
                  onClick={() => void signOut()}
                  data-testid="sign-out"
                >
                  {t.signOut}
                </button>
              </div>
            </div>
          )}
        </section>
        {session && <ApiKeys t={t} />}
        {session?.user.role === "admin" && <UsersAdmin t={t} selfId={session.user.id} />}
      </div>
    </main>
  );
}
