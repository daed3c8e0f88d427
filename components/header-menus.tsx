"use client";

import { useEffect, useState } from "react";
import { authCall } from "@/lib/client/auth-api";
import type { HealthResponse } from "@/lib/client/types";
import { useI18n } from "@/lib/i18n/i18n-context";
import { PulseIcon, UserIcon } from "./icons";
import { PopoverMenu } from "./popover-menu";

/** Ollama's state in a word, its version and address, and the way to the stream diagnostics. */
export function HealthMenu({ health }: { health: HealthResponse | null }) {
  const { t } = useI18n();
  const reachable = health?.ollama.reachable ?? true;
  return (
    <PopoverMenu label={t.healthMenu} icon={<PulseIcon />} testId="health-menu">
      {() => (
        <>
          <p className="popover-line">
            <span className={`dot ${reachable ? "ok" : "down"}`} aria-hidden="true" />
            {reachable ? t.ollamaOk : t.ollamaDown}
            {health?.ollama.version ? ` · ${health.ollama.version}` : ""}
          </p>
          {health?.ollama.hosts ? (
            <ul className="popover-hosts" data-testid="ollama-hosts" aria-label={t.ollamaHosts}>
              {health.ollama.hosts.map((host) => (
                <li key={host.url} className="popover-line muted-strong" data-testid="ollama-host">
                  <span className={`dot ${host.reachable ? "ok" : "down"}`} aria-hidden="true" />
                  {host.url}
                  {host.reachable
                    ? ` · ${host.version ?? ""}${host.loaded.length > 0 ? ` · ${t.hostLoaded} ${host.loaded.join(", ")}` : ""}`
                    : ` · ${t.hostDown}`}
                </li>
              ))}
            </ul>
          ) : (
            health?.ollama.host && <p className="popover-line muted-strong">{health.ollama.host}</p>
          )}
          <a className="popover-link" href="/diagnostics" data-testid="diagnostics-link">
            {t.diagnostics}
          </a>
        </>
      )}
    </PopoverMenu>
  );
}

interface Session {
  user: { name: string; email: string };
}

/** With accounts on: who is signed in, the account page and sign-out. Nothing with accounts off. */
export function UserMenu() {
  const { t } = useI18n();
  const [session, setSession] = useState<Session | null>(null);
  useEffect(() => {
    // Accounts off: the auth routes answer 404, and there is nobody to show.
    void authCall<Session | null>({ path: "/api/auth/get-session" }).then((result) => {
      if (result.ok && result.data) setSession(result.data);
    });
  }, []);
  if (!session) return null;
  const signOut = async () => {
    await authCall({ path: "/api/auth/sign-out", method: "POST", body: {} });
    window.location.assign("/sign-in");
  };
  return (
    <PopoverMenu label={`${t.account}: ${session.user.name}`} icon={<UserIcon />} testId="user-menu">
      {() => (
        <>
          <p className="popover-line" data-testid="user-email">
            {session.user.email}
          </p>
          <a className="popover-link" href="/account" data-testid="account-link">
            {t.account}
          </a>
          <button
            type="button"
            className="popover-link"
            data-testid="sign-out"
            onClick={() => void signOut()}
          >
            {t.signOut}
          </button>
        </>
      )}
    </PopoverMenu>
  );
}
