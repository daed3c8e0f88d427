import { startMemoryChat } from "@/lib/chat/memory-chat";
import { memoryChatSchema } from "@/lib/chat/schemas";
import { respondWithErrors } from "@/lib/errors";
import { clientSignal } from "@/lib/http/client-signal";
import { preflightResponse, withCors } from "@/lib/http/cors";
import { parseJsonBody } from "@/lib/http/parse-body";
import { ownerOf } from "@/lib/security/request-principal";
import { seedFormat } from "@/lib/stream/seed-format";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Chat with the user's relevant memories as context; `event: memory` names the ones used. */
export async function POST(request: Request): Promise<Response> {
  const response = await respondWithErrors(async () => {
    const input = await parseJsonBody({ request, schema: memoryChatSchema });
    const endpoint = new URL(request.url).pathname;
    return startMemoryChat({
      owner: ownerOf(request),
      input,
      endpoint,
      signal: clientSignal(request),
      format: seedFormat,
    });
  });
  return withCors({ request, response });
}

/** The CORS preflight of a browser page on an origin listed in LUMIA_CORS_ORIGINS. */
export function OPTIONS(request: Request): Response {
  return preflightResponse({ request });
}
