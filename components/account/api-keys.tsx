"use client";

import { useCallback, useEffect, useState } from "react";
import { authCall } from "@/lib/client/auth-api";
import type { AccountStrings } from "@/lib/i18n/account-strings";
import styles from "./account.module.css";

interface ApiKeyItem {
  id: string;
  name: string | null;
  start: string | null;
  createdAt: string;
  lastRequest: string | null;
}

/** The user's API keys: create one (shown once), see them by name and first characters, revoke. */
export function ApiKeys({ t }: { t: AccountStrings }) {
  const [keys, setKeys] = useState<ApiKeyItem[] | null>(null);
  const [fresh, setFresh] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const load = useCallback(async () => {
    const result = await authCall<{ apiKeys: ApiKeyItem[] }>({ path: "/api/auth/api-key/list" });
    if (result.ok) setKeys(result.data.apiKeys);
    else setProblem(`${t.failed}: ${result.message}`);
  }, [t]);

  useEffect(() => {
    void load();
  }, [load]);

  const create = async (form: HTMLFormElement) => {
    const name = String(new FormData(form).get("name") ?? "").trim() || "API key";
    const result = await authCall<{ key: string }>({
      path: "/api/auth/api-key/create",
      method: "POST",
      body: { name },
    });
    if (!result.ok) return setProblem(`${t.failed}: ${result.message}`);
    form.reset();
    setFresh(result.data.key);
    setCopied(false);
    await load();
  };

  const revoke = async (keyId: string) => {
    const result = await authCall({ path: "/api/auth/api-key/delete", method: "POST", body: { keyId } });
    if (!result.ok) return setProblem(`${t.failed}: ${result.message}`);
    await load();
  };

  const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : t.never);

  return (
    <section className={styles.card} data-testid="api-keys" aria-labelledby="keys-title">
      <h2 id="keys-title">{t.keysTitle}</h2>
      <p className={styles.meta}>{t.keysHelp}</p>
      <form
        className={styles.inline}
        onSubmit={(event) => {
          event.preventDefault();
          void create(event.currentTarget);
        }}
      >
        <input name="name" aria-label={t.keyName} placeholder={t.keyName} maxLength={60} />
        <button type="submit" className="button primary" data-testid="create-key">
          {t.createKey}
        </button>
      </form>
      {fresh && (
        <div className={styles.notice} data-testid="new-key">
          <p>{t.newKeyOnce}</p>
          <code className={styles.secret} data-testid="new-key-value">
            {fresh}
          </code>
          <button
            type="button"
            className="button"
            onClick={() => {
              void navigator.clipboard?.writeText(fresh).then(() => setCopied(true));
            }}
          >
            {copied ? t.copied : t.copy}
          </button>
        </div>
      )}
      {problem && <p className={styles.problem}>{problem}</p>}
      <div>
        {keys?.length === 0 && <p className={styles.meta}>{t.noKeys}</p>}
        {keys?.map((key) => (
          <div className={styles.row} key={key.id} data-testid="api-key">
            <div>
              <strong>{key.name ?? "API key"}</strong> <code>{key.start ?? ""}…</code>
              <div className={styles.meta}>
                {t.created} {when(key.createdAt)} · {t.lastUsed} {when(key.lastRequest)}
              </div>
            </div>
            <button
              type="button"
              className="button"
              onClick={() => void revoke(key.id)}
              data-testid="revoke-key"
            >
              {t.revoke}
            </button>
          </div>
        ))}
      </div>
    </section>
  );
}
