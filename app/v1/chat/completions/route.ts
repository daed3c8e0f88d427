import { openAiChatSchema, startOpenAiChat } from "@/lib/chat/openai-chat";
import { respondWithErrors } from "@/lib/errors";
import { parseJsonBody } from "@/lib/http/parse-body";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** OpenAI-compatible chat completions (`stream: true` streams chunk by chunk). */
export function POST(request: Request): Promise<Response> {
  return respondWithErrors(async () => {
    const input = await parseJsonBody({ request, schema: openAiChatSchema });
    return startOpenAiChat({ input, endpoint: new URL(request.url).pathname, signal: request.signal });
  });
}
