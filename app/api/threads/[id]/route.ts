import { threadNotFound } from "@/lib/chat/thread-chat";
import { deleteThread, getThread, updateThread } from "@/lib/db/threads";
import { respondWithErrors } from "@/lib/errors";
import { parseJsonBody } from "@/lib/http/parse-body";
import { updateThreadSchema } from "@/lib/http/resource-schemas";
import { type IdParams, noContent } from "@/lib/http/route-params";
import { resolveModel } from "@/lib/ollama/models";
import { ownerOf } from "@/lib/security/request-principal";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** A thread with its messages, oldest first. */
export function GET(request: Request, { params }: IdParams): Promise<Response> {
  return respondWithErrors(async () => {
    const { id } = await params;
    const thread = await getThread({ owner: ownerOf(request), id });
    if (!thread) throw threadNotFound(id);
    return Response.json(thread);
  });
}

/** Renames a thread and/or sets its model, system prompt and model options (null clears one). */
export function PATCH(request: Request, { params }: IdParams): Promise<Response> {
  return respondWithErrors(async () => {
    const { id } = await params;
    const input = await parseJsonBody({ request, schema: updateThreadSchema });
    if (input.model) await resolveModel({ requested: input.model });
    const thread = await updateThread({ owner: ownerOf(request), id, ...input });
    if (!thread) throw threadNotFound(id);
    return Response.json(thread);
  });
}

/** Deletes the thread and its messages. */
export function DELETE(request: Request, { params }: IdParams): Promise<Response> {
  return respondWithErrors(async () => {
    const { id } = await params;
    if (!(await deleteThread({ owner: ownerOf(request), id }))) throw threadNotFound(id);
    return noContent();
  });
}
