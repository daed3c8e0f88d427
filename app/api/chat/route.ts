import { startUiChat } from "@/lib/chat/ui-chat";
import { uiChatRequestSchema } from "@/lib/chat/ui-chat-request";
import { respondWithErrors } from "@/lib/errors";
import { clientSignal } from "@/lib/http/client-signal";
import { parseJsonBody } from "@/lib/http/parse-body";
import { ownerOf } from "@/lib/security/request-principal";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Thread chat with memory as the Vercel AI SDK UI message stream (`useChat`). */
export function POST(request: Request): Promise<Response> {
  return respondWithErrors(async () => {
    const input = await parseJsonBody({ request, schema: uiChatRequestSchema });
    const endpoint = new URL(request.url).pathname;
    return startUiChat({ owner: ownerOf(request), request: input, endpoint, signal: clientSignal(request) });
  });
}
