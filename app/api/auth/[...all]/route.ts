import { getAuth } from "@/lib/auth/auth";
import { getEnv } from "@/lib/env";
import { LumiaError } from "@/lib/errors";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Better Auth's endpoints (sign-up, sign-in, sign-out, session, API keys, admin), with accounts on. */
async function handle(request: Request): Promise<Response> {
  if (!getEnv().LUMIA_AUTH) {
    return new LumiaError("not_found", "Accounts are off (set LUMIA_AUTH=on to use them).").toResponse();
  }
  return (await getAuth()).handler(request);
}

export const GET = handle;
export const POST = handle;
