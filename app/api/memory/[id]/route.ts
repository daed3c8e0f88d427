import { deleteMemory, updateMemory } from "@/lib/db/memories";
import { LumiaError, respondWithErrors } from "@/lib/errors";
import { parseJsonBody } from "@/lib/http/parse-body";
import { memoryContentSchema } from "@/lib/http/resource-schemas";
import { type IdParams, noContent } from "@/lib/http/route-params";
import { embedMemoryInBackground } from "@/lib/memory/embed-memory";
import { ownerOf } from "@/lib/security/request-principal";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const notFound = (id: string) => new LumiaError("memory_not_found", `Memory '${id}' does not exist.`);

export function PATCH(request: Request, { params }: IdParams): Promise<Response> {
  return respondWithErrors(async () => {
    const { id } = await params;
    const { content } = await parseJsonBody({ request, schema: memoryContentSchema });
    const memory = await updateMemory({ owner: ownerOf(request), id, content });
    if (!memory) throw notFound(id);
    embedMemoryInBackground({ id, content });
    return Response.json(memory);
  });
}

export function DELETE(request: Request, { params }: IdParams): Promise<Response> {
  return respondWithErrors(async () => {
    const { id } = await params;
    if (!(await deleteMemory({ owner: ownerOf(request), id }))) throw notFound(id);
    return noContent();
  });
}
