import { respondWithErrors } from "@/lib/errors";
import { modelNameSchema } from "@/lib/http/model-schemas";
import { parseJsonBody } from "@/lib/http/parse-body";
import { noContent } from "@/lib/http/route-params";
import { deleteModel } from "@/lib/models/manage-models";
import { requireAdmin } from "@/lib/security/request-principal";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Uninstalls a model from Ollama (admin only with accounts on); 404 when it is not installed. */
export function POST(request: Request): Promise<Response> {
  return respondWithErrors(async () => {
    requireAdmin(request);
    const { model } = await parseJsonBody({ request, schema: modelNameSchema });
    await deleteModel({ model });
    return noContent();
  });
}
