import path from "node:path";
import { apiKey } from "@better-auth/api-key";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { APIError } from "better-auth/api";
import { admin } from "better-auth/plugins";
import { getAdminSettings } from "@/lib/auth/settings";
import { getDb } from "@/lib/db/client";
import { adoptUnownedData } from "@/lib/db/ownership";
import { databaseProvider } from "@/lib/db/provider";
import { getEnv } from "@/lib/env";
import { loadAuthSecret } from "./auth-secret";

/** The error code of a sign-in or sign-up by an account that waits for an admin's approval. */
export const ACCOUNT_PENDING = "ACCOUNT_PENDING";

async function createAuth() {
  const db = await getDb();
  const env = getEnv();
  const url = env.DATABASE_URL;
  const dataDir = url.startsWith("file:")
    ? path.dirname(path.resolve(/*turbopackIgnore: true*/ process.cwd(), url.slice(5).split("?")[0] ?? ""))
    : path.resolve(/*turbopackIgnore: true*/ process.cwd(), "data");
  const publicOrigin = env.LUMIA_PUBLIC_URL ? new URL(env.LUMIA_PUBLIC_URL).origin : undefined;
  const trustedOrigins = [...env.LUMIA_CORS_ORIGINS, ...(publicOrigin ? [publicOrigin] : [])];
  return betterAuth({
    appName: "Lumia",
    secret: loadAuthSecret({ dir: dataDir }),
    // The base URL follows the request's Host, for the hosts the request guard lets through.
    baseURL: {
      allowedHosts: ["127.0.0.1:*", "localhost:*", "[::1]:*", ...trustedOrigins.map((o) => new URL(o).host)],
      protocol: "auto",
      fallback: publicOrigin ?? "http://127.0.0.1:3000",
    },
    basePath: "/api/auth",
    trustedOrigins,
    database: prismaAdapter(db, { provider: databaseProvider(url) }),
    logger: {
      level: "warn",
      log(level, message, ...args) {
        // The API-key plugin logs every unknown key as an error; a wrong key is the client's mistake.
        if (message.startsWith("Failed to validate API key")) return;
        (level === "error" ? console.error : console.warn)(`[auth] ${message}`, ...args);
      },
    },
    telemetry: { enabled: false },
    // Lumia limits sign-in attempts itself (lib/security/rate-limit.ts), with the shared store when there is one.
    rateLimit: { enabled: false },
    // Served over plain http on loopback and LANs: no Secure cookies unless told (behind TLS).
    advanced: { useSecureCookies: publicOrigin?.startsWith("https:") ?? false, cookiePrefix: "lumia" },
    // No cookie cache: a revoked session or a signed-out one must stop working at once.
    session: { expiresIn: 60 * 60 * 24 * 30, updateAge: 60 * 60 * 24 },
    emailAndPassword: { enabled: true, minPasswordLength: 8, maxPasswordLength: 128, autoSignIn: true },
    user: {
      additionalFields: {
        status: { type: ["pending", "active"], required: false, defaultValue: "pending", input: false },
      },
    },
    databaseHooks: {
      user: {
        create: {
          // The first account is the admin; later ones wait for approval unless the admin turned that off.
          async before(user) {
            const first = (await db.user.count()) === 0;
            const active = first || !(await getAdminSettings()).requireApproval;
            return {
              data: { ...user, role: first ? "admin" : "user", status: active ? "active" : "pending" },
            };
          },
          // What was written before accounts existed belongs to the first admin.
          async after(user) {
            if ((user as { role?: string }).role === "admin" && (await db.user.count()) === 1) {
              await adoptUnownedData({ userId: user.id });
            }
          },
        },
      },
      session: {
        create: {
          // Every way to a session (sign-up, sign-in) passes here: a pending account gets none.
          async before(session) {
            const user = await db.user.findUnique({
              where: { id: session.userId },
              select: { status: true },
            });
            if (user?.status !== "active") {
              throw APIError.from("FORBIDDEN", {
                code: ACCOUNT_PENDING,
                message: "Your account is waiting for an administrator's approval.",
              });
            }
          },
        },
      },
    },
    plugins: [
      admin({ defaultRole: "user", adminRoles: ["admin"] }),
      apiKey({
        defaultPrefix: "lumia_",
        defaultKeyLength: 48,
        // Enough of the key to tell keys apart in a list (the prefix alone says nothing).
        startingCharactersConfig: { shouldStore: true, charactersLength: 12 },
        // Lumia limits requests itself; the plugin's default is 10 requests a day per key.
        rateLimit: { enabled: false },
        // Keys are checked by getPrincipal, never turned into sessions (a key must not create keys).
        enableSessionForAPIKeys: false,
        keyExpiration: { defaultExpiresIn: null },
        schema: { apikey: { modelName: "apiKey" } },
      }),
    ],
  });
}

export type Auth = Awaited<ReturnType<typeof createAuth>>;

// On globalThis: one instance per process, whichever copy of this module a route was bundled with.
const store = globalThis as typeof globalThis & { lumiaAuth?: Promise<Auth> };

/** The process's Better Auth instance (accounts, sessions, API keys), made on first use. */
export function getAuth(): Promise<Auth> {
  store.lumiaAuth ??= createAuth();
  return store.lumiaAuth;
}
