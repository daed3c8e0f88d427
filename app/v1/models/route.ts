import { respondWithErrors } from "@/lib/errors";
import { listInstalledModels } from "@/lib/ollama/models";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** The installed models, as OpenAI's `GET /v1/models` lists them. */
export function GET(): Promise<Response> {
  return respondWithErrors(async () => {
    const models = await listInstalledModels({ maxAgeMs: 0 });
    return Response.json({
      object: "list",
      data: models.map((m) => ({
        id: m.name,
        object: "model",
        created: Math.floor(Date.parse(m.modifiedAt) / 1000),
        owned_by: "ollama",
      })),
    });
  });
}
