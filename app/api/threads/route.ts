import { createThread, listThreads } from "@/lib/db/threads";
import { respondWithErrors } from "@/lib/errors";
import { parseOptionalJsonBody, validate } from "@/lib/http/parse-body";
import { createThreadSchema, listThreadsQuerySchema } from "@/lib/http/resource-schemas";
import { resolveModel } from "@/lib/ollama/models";
import { ownerOf } from "@/lib/security/request-principal";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Threads, most recently active first; `q` searches titles and message text. */
export function GET(request: Request): Promise<Response> {
  return respondWithErrors(async () => {
    const params = Object.fromEntries(new URL(request.url).searchParams);
    const query = validate({ schema: listThreadsQuerySchema, value: params });
    return Response.json(await listThreads({ owner: ownerOf(request), ...query }));
  });
}

export function POST(request: Request): Promise<Response> {
  return respondWithErrors(async () => {
    const input = await parseOptionalJsonBody({ request, schema: createThreadSchema, empty: {} });
    if (input.model) await resolveModel({ requested: input.model });
    return Response.json(await createThread({ owner: ownerOf(request), ...input }), { status: 201 });
  });
}
