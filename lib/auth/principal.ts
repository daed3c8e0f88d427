import { principalFromApiKey } from "@/lib/auth/api-key-principal";
import { getAuth } from "@/lib/auth/auth";
import { getDb } from "@/lib/db/client";

/** Who a request acts for, when accounts are on: a signed-in user (session cookie) or an API key's owner. */
export interface Principal {
  userId: string;
  role: "admin" | "user";
  via: "session" | "api_key";
  /** The key's id, for limits per key. */
  apiKeyId?: string;
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * The principal of a request, or null when it has none that counts: no credentials, a wrong or revoked
 * key, an expired or signed-out session, or an account that is pending or banned.
 */
export async function getPrincipal({ headers }: { headers: Headers }): Promise<Principal | null> {
  const key = BEARER.exec(headers.get("authorization") ?? "")?.[1];
  if (key) {
    const checked = await principalFromApiKey({ key });
    if (checked !== undefined) return checked;
  }
  const auth = await getAuth();
  if (key) {
    const result = await auth.api.verifyApiKey({ body: { key } });
    if (!result.valid || !result.key) return null;
    // The plugin checks the key, not its owner: a pending or banned owner's keys do nothing.
    const db = await getDb();
    const user = await db.user.findUnique({
      where: { id: result.key.referenceId },
      select: { id: true, role: true, status: true, banned: true },
    });
    if (user?.status !== "active" || user.banned) return null;
    return {
      userId: user.id,
      role: user.role === "admin" ? "admin" : "user",
      via: "api_key",
      apiKeyId: result.key.id,
    };
  }
  const session = await auth.api.getSession({ headers });
  const user = session?.user as
    | { id: string; role?: string | null; status?: string; banned?: boolean | null }
    | undefined;
  if (user?.status !== "active" || user.banned) return null;
  return { userId: user.id, role: user.role === "admin" ? "admin" : "user", via: "session" };
}
