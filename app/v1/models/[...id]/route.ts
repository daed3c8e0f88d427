import { findOpenAiModel } from "@/lib/openai/models";
import { openAiRoute } from "@/lib/openai/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** One installed model (`GET /v1/models/{id}`); ids may hold `/` and `:` (`hf.co/org/model:Q4_K_M`). */
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = openAiRoute<{ id: string[] }>({
  handlers: {
    GET: async ({ params }) => Response.json(await findOpenAiModel({ id: params.id.join("/") })),
  },
});
