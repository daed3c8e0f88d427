import { getEnv } from "@/lib/env";
import type { GuardPolicy } from "@/lib/security/request-guard";

/** The request guard's policy from the environment (read once). */
export function guardPolicyFromEnv(): GuardPolicy {
  const env = getEnv();
  const publicUrl = env.LUMIA_PUBLIC_URL ? new URL(env.LUMIA_PUBLIC_URL) : undefined;
  const allowedHosts = env.LUMIA_ALLOWED_HOSTS.split(",")
    .map((host) => host.trim().toLowerCase())
    .filter(Boolean);
  if (publicUrl) allowedHosts.push(publicUrl.hostname.toLowerCase());
  return {
    allowedHosts,
    // Web apps allowed to call the API by CORS may also send it state-changing requests.
    allowedOrigins: [...env.LUMIA_CORS_ORIGINS, ...(publicUrl ? [publicUrl.origin] : [])],
    development: process.env.NODE_ENV !== "production",
  };
}
