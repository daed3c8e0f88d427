import { listInstalledModels } from "@/lib/ollama/models";
import { openAiModel } from "@/lib/openai/models";
import { openAiRoute } from "@/lib/openai/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** The installed models, as OpenAI's `GET /v1/models` lists them. */
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = openAiRoute({
  handlers: {
    GET: async () => {
      const models = await listInstalledModels({ maxAgeMs: 0 });
      return Response.json({ object: "list", data: models.map((model) => openAiModel({ model })) });
    },
  },
});
