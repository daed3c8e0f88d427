import { startOpenAiChat } from "@/lib/chat/openai-chat";
import { clientSignal } from "@/lib/http/client-signal";
import { parseJsonBody } from "@/lib/http/parse-body";
import { openAiChatSchema } from "@/lib/openai/chat-request";
import { openAiRoute } from "@/lib/openai/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** OpenAI-compatible chat completions (`stream: true` streams chunk by chunk). */
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = openAiRoute({
  handlers: {
    POST: async ({ request }) => {
      const input = await parseJsonBody({ request, schema: openAiChatSchema });
      return startOpenAiChat({
        input,
        endpoint: new URL(request.url).pathname,
        signal: clientSignal(request),
      });
    },
  },
});
