import { respondWithErrors } from "@/lib/errors";
import { modelNameSchema } from "@/lib/http/model-schemas";
import { parseJsonBody } from "@/lib/http/parse-body";
import { listPullJobs, startPull } from "@/lib/models/pull-jobs";
import { requireAdmin } from "@/lib/security/request-principal";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** The pulls running on the server (and those ended in the last minute), with their progress. */
export function GET(): Promise<Response> {
  return respondWithErrors(async () =>
    Response.json({ pulls: await listPullJobs() }, { headers: { "Cache-Control": "no-store" } }),
  );
}

/** Starts pulling a model on the server (admin only with accounts on); 202 with the job. */
export function POST(request: Request): Promise<Response> {
  return respondWithErrors(async () => {
    requireAdmin(request);
    const { model } = await parseJsonBody({ request, schema: modelNameSchema });
    return Response.json(await startPull({ model }), { status: 202 });
  });
}
