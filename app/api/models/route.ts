import { respondWithErrors } from "@/lib/errors";
import { listModelsWithLoadState } from "@/lib/ollama/model-list";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Installed models (Ollama's /api/tags) and which of them are loaded now (/api/ps). */
export function GET(): Promise<Response> {
  return respondWithErrors(async () =>
    Response.json(await listModelsWithLoadState(), { headers: { "Cache-Control": "no-store" } }),
  );
}
