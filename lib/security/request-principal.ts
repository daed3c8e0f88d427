import type { Principal } from "@/lib/auth/principal";
import type { Owner } from "@/lib/db/ownership";
import { getEnv } from "@/lib/env";
import { LumiaError } from "@/lib/errors";

/** Set by the server (lib/security/authenticate.ts) on an authenticated request; clients cannot set it. */
export const PRINCIPAL_HEADER = "x-lumia-principal";

/** The signed-in user or API key's owner of a request, with accounts on; null with accounts off. */
export function principalOf(request: Request): Principal | null {
  if (!getEnv().LUMIA_AUTH) return null;
  const value = request.headers.get(PRINCIPAL_HEADER);
  const [userId, role, via, apiKeyId] = value?.split(" ") ?? [];
  // The server authenticated every non-public request before a handler runs: no header is a bug.
  if (!userId)
    throw new LumiaError("unauthorized", "Sign in, or send an API key as 'Authorization: Bearer <key>'.");
  return {
    userId,
    role: role === "admin" ? "admin" : "user",
    via: via === "api_key" ? "api_key" : "session",
    ...(apiKeyId ? { apiKeyId } : {}),
  };
}

/** Whose data a request may touch: its user's with accounts on, everything for the local user. */
export function ownerOf(request: Request): Owner {
  const principal = principalOf(request);
  return principal ? { userId: principal.userId } : "local";
}

/** Refuses a request that is not an admin's (with accounts off, the local user is the admin). */
export function requireAdmin(request: Request): void {
  const principal = principalOf(request);
  if (principal && principal.role !== "admin")
    throw new LumiaError("forbidden", "Only an administrator may do this.");
}
