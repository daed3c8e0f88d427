import { respondWithErrors } from "@/lib/errors";
import { modelNameSchema } from "@/lib/http/model-schemas";
import { parseJsonBody } from "@/lib/http/parse-body";
import { noContent } from "@/lib/http/route-params";
import { unloadModel } from "@/lib/models/manage-models";
import { requireAdmin } from "@/lib/security/request-principal";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Unloads a model from memory now (`keep_alive: 0`; admin only with accounts on). */
export function POST(request: Request): Promise<Response> {
  return respondWithErrors(async () => {
    requireAdmin(request);
    const { model } = await parseJsonBody({ request, schema: modelNameSchema });
    await unloadModel({ model });
    return noContent();
  });
}
