import { clientSignal } from "@/lib/http/client-signal";
import { parseJsonBody } from "@/lib/http/parse-body";
import { createEmbeddings, openAiEmbeddingsSchema } from "@/lib/openai/embeddings";
import { openAiRoute } from "@/lib/openai/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** OpenAI-compatible embeddings on Ollama's `/api/embed`. */
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = openAiRoute({
  handlers: {
    POST: async ({ request }) => {
      const input = await parseJsonBody({ request, schema: openAiEmbeddingsSchema });
      return Response.json(await createEmbeddings({ input, signal: clientSignal(request) }));
    },
  },
});
