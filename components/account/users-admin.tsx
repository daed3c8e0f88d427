"use client";

import { useCallback, useEffect, useState } from "react";
import { authCall } from "@/lib/client/auth-api";
import type { AccountStrings } from "@/lib/i18n/account-strings";
import styles from "./account.module.css";

interface UserItem {
  id: string;
  name: string;
  email: string;
  role?: string | null;
  status?: "pending" | "active";
  banned?: boolean | null;
}

/** For an admin: every account, approval of waiting ones, roles and bans, and the approval setting. */
export function UsersAdmin({ t, selfId }: { t: AccountStrings; selfId: string }) {
  const [users, setUsers] = useState<UserItem[] | null>(null);
  const [requireApproval, setRequireApproval] = useState<boolean | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const load = useCallback(async () => {
    const [list, settings] = await Promise.all([
      authCall<{ users: UserItem[] }>({ path: "/api/auth/admin/list-users?limit=200&sortBy=createdAt" }),
      authCall<{ requireApproval: boolean }>({ path: "/api/admin/settings" }),
    ]);
    if (list.ok) setUsers(list.data.users);
    else setProblem(`${t.failed}: ${list.message}`);
    if (settings.ok) setRequireApproval(settings.data.requireApproval);
  }, [t]);

  useEffect(() => {
    void load();
  }, [load]);

  const act = async (path: string, body: object) => {
    const result = await authCall({ path, method: "POST", body });
    if (!result.ok) setProblem(`${t.failed}: ${result.message}`);
    await load();
  };

  const status = (user: UserItem) =>
    user.banned ? t.statusBanned : user.status === "pending" ? t.statusPending : t.statusActive;

  return (
    <section className={styles.card} data-testid="users-admin" aria-labelledby="users-title">
      <h2 id="users-title">{t.usersTitle}</h2>
      {requireApproval !== null && (
        <label className={styles.checkbox}>
          <input
            type="checkbox"
            checked={requireApproval}
            data-testid="require-approval"
            onChange={async (event) => {
              const next = event.currentTarget.checked;
              const result = await authCall<{ requireApproval: boolean }>({
                path: "/api/admin/settings",
                method: "PATCH",
                body: { requireApproval: next },
              });
              if (result.ok) setRequireApproval(result.data.requireApproval);
            }}
          />
          {t.requireApproval}
        </label>
      )}
      {problem && <p className={styles.problem}>{problem}</p>}
      <div>
        {users?.map((user) => (
          <div className={styles.row} key={user.id} data-testid="user-row" data-status={user.status}>
            <div>
              <strong>{user.name}</strong> {user.email}
              <div className={styles.meta}>
                {status(user)}
                {user.role === "admin" ? ` · ${t.admin}` : ""}
              </div>
            </div>
            {user.id !== selfId && (
              <div className={styles.inline}>
                {user.status === "pending" && (
                  <button
                    type="button"
                    className="button primary"
                    data-testid="approve-user"
                    onClick={() =>
                      void act("/api/auth/admin/update-user", { userId: user.id, data: { status: "active" } })
                    }
                  >
                    {t.approve}
                  </button>
                )}
                {user.role !== "admin" && (
                  <button
                    type="button"
                    className="button"
                    onClick={() => void act("/api/auth/admin/set-role", { userId: user.id, role: "admin" })}
                  >
                    {t.makeAdmin}
                  </button>
                )}
                <button
                  type="button"
                  className="button"
                  onClick={() =>
                    void act(user.banned ? "/api/auth/admin/unban-user" : "/api/auth/admin/ban-user", {
                      userId: user.id,
                    })
                  }
                >
                  {user.banned ? t.unban : t.ban}
                </button>
              </div>
            )}
          </div>
        ))}
      </div>
    </section>
  );
}
