import { respondWithErrors } from "@/lib/errors";
import { listModelsWithLoadState } from "@/lib/ollama/model-list";
import { isLocalRequest } from "@/lib/security/request-guard";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * Installed models (Ollama's /api/tags, across every host), which are warm (/api/ps) and on which hosts;
 * host addresses only for a client on this machine, as in /api/health.
 */
export function GET(request: Request): Promise<Response> {
  return respondWithErrors(async () =>
    Response.json(await listModelsWithLoadState({ showAddresses: isLocalRequest(request) }), {
      headers: { "Cache-Control": "no-store" },
    }),
  );
}
