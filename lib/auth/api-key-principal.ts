import { createHash } from "node:crypto";
import type { Principal } from "@/lib/auth/principal";
import { getDb } from "@/lib/db/client";
import { fromSqliteDateTime } from "@/lib/db/direct-connection";
import { type ApiKeyRow, apiKeyDirect } from "@/lib/db/direct-reads";

/** How stale a key's "last used" may get before a request writes it again. */
const LAST_USED_EVERY_MS = 60_000;

/**
 * The principal of an API key, checked with one read: the key by its hash joined with its owner.
 *
 * Better Auth's `verifyApiKey` does the same check with four statements, two of them writes (the key's
 * `lastRequest` and `updatedAt`) on every request, before the request may start: 7–17 ms on SQLite, and
 * the first request after a start paid more. Lumia turns the plugin's own limits off (it counts messages
 * itself), so the read decides alone; "last used" is written at most once a minute per key, after the
 * request has gone on. Returns undefined for a key the plugin must judge itself: one with a usage
 * budget (`remaining`) or one that expired (the plugin deletes it).
 */
export async function principalFromApiKey({ key }: { key: string }): Promise<Principal | null | undefined> {
  // The plugin's hash: SHA-256, base64url without padding.
  const hash = createHash("sha256").update(key).digest("base64url");
  const row = await findKey({ hash });
  if (!row) return null;
  if (row.enabled === false || row.enabled === 0) return null;
  if (row.remaining !== null) return undefined;
  if (row.expiresAt !== null && Date.now() > fromSqliteDateTime(row.expiresAt).getTime()) return undefined;
  if (row.status !== "active" || row.banned === true || row.banned === 1) return null;
  if (
    row.lastRequest === null ||
    Date.now() - fromSqliteDateTime(row.lastRequest).getTime() > LAST_USED_EVERY_MS
  ) {
    touch({ id: row.id });
  }
  return {
    userId: row.userId,
    role: row.role === "admin" ? "admin" : "user",
    via: "api_key",
    apiKeyId: row.id,
  };
}

async function findKey({ hash }: { hash: string }): Promise<ApiKeyRow | null> {
  const direct = await apiKeyDirect({ hash });
  if (direct !== undefined) return direct;
  const db = await getDb();
  const found = await db.apiKey.findFirst({
    where: { key: hash },
    select: {
      id: true,
      enabled: true,
      expiresAt: true,
      remaining: true,
      lastRequest: true,
      user: { select: { id: true, role: true, status: true, banned: true } },
    },
  });
  if (!found) return null;
  return {
    id: found.id,
    enabled: found.enabled,
    expiresAt: found.expiresAt?.getTime() ?? null,
    remaining: found.remaining,
    lastRequest: found.lastRequest?.getTime() ?? null,
    userId: found.user.id,
    role: found.user.role,
    status: found.user.status,
    banned: found.user.banned,
  };
}

const touching = new Set<string>();

/** Writes the key's "last used" off the request's path; a failure costs only that timestamp. */
function touch({ id }: { id: string }): void {
  if (touching.has(id)) return;
  touching.add(id);
  setImmediate(async () => {
    try {
      const db = await getDb();
      await db.apiKey.update({ where: { id }, data: { lastRequest: new Date() } });
    } catch (error) {
      console.error(`Could not record when API key ${id} was last used:`, error);
    } finally {
      touching.delete(id);
    }
  });
}
