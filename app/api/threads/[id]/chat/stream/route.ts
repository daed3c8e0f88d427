import { resumeIfReconnecting } from "@/lib/chat/reconnect";
import { messageOnlySchema } from "@/lib/chat/schemas";
import { startThreadChat } from "@/lib/chat/thread-chat";
import { respondWithErrors } from "@/lib/errors";
import { clientSignal } from "@/lib/http/client-signal";
import { preflightResponse, withCors } from "@/lib/http/cors";
import { parseJsonBody } from "@/lib/http/parse-body";
import type { IdParams } from "@/lib/http/route-params";
import { ownerOf } from "@/lib/security/request-principal";
import { seedFormat } from "@/lib/stream/seed-format";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * Chat within a persisted thread, in the seed's SSE format. A request carrying `Last-Event-ID` is a
 * client reconnecting: it resumes that answer rather than asking again.
 */
export async function POST(request: Request, { params }: IdParams): Promise<Response> {
  const response = await respondWithErrors(async () => {
    const { id } = await params;
    const input = await parseJsonBody({ request, schema: messageOnlySchema });
    const owner = ownerOf(request);
    const resumed = await resumeIfReconnecting({ owner, request, threadId: id, format: seedFormat });
    if (resumed) return resumed;
    const endpoint = new URL(request.url).pathname;
    return startThreadChat({
      owner,
      threadId: id,
      ...input,
      useMemory: false,
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
