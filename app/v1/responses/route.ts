import { startOpenAiResponse } from "@/lib/chat/openai-responses";
import { clientSignal } from "@/lib/http/client-signal";
import { parseJsonBody } from "@/lib/http/parse-body";
import { openAiResponsesSchema } from "@/lib/openai/responses-request";
import { openAiRoute } from "@/lib/openai/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** OpenAI's Responses API for text and function tools (`stream: true` streams chunk by chunk). */
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = openAiRoute({
  handlers: {
    POST: async ({ request }) => {
      const input = await parseJsonBody({ request, schema: openAiResponsesSchema });
      return startOpenAiResponse({
        input,
        endpoint: new URL(request.url).pathname,
        signal: clientSignal(request),
      });
    },
  },
});
