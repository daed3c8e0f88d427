import { startOpenAiCompletion } from "@/lib/chat/openai-completion";
import { clientSignal } from "@/lib/http/client-signal";
import { parseJsonBody } from "@/lib/http/parse-body";
import { openAiCompletionSchema } from "@/lib/openai/completion-request";
import { openAiRoute } from "@/lib/openai/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** OpenAI's legacy completions on Ollama's `/api/generate` (`stream: true` streams chunk by chunk). */
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = openAiRoute({
  handlers: {
    POST: async ({ request }) => {
      const input = await parseJsonBody({ request, schema: openAiCompletionSchema });
      return startOpenAiCompletion({
        input,
        endpoint: new URL(request.url).pathname,
        signal: clientSignal(request),
      });
    },
  },
});
