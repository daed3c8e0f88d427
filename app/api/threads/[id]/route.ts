import { threadNotFound } from "@/lib/chat/thread-chat";
import { deleteThread, getThread, renameThread } from "@/lib/db/threads";
import { respondWithErrors } from "@/lib/errors";
import { parseJsonBody } from "@/lib/http/parse-body";
import { renameThreadSchema } from "@/lib/http/resource-schemas";
import { type IdParams, noContent } from "@/lib/http/route-params";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** A thread with its messages, oldest first. */
export function GET(_request: Request, { params }: IdParams): Promise<Response> {
  return respondWithErrors(async () => {
    const { id } = await params;
    const thread = await getThread({ id });
    if (!thread) throw threadNotFound(id);
    return Response.json(thread);
  });
}

export function PATCH(request: Request, { params }: IdParams): Promise<Response> {
  return respondWithErrors(async () => {
    const { id } = await params;
    const { title } = await parseJsonBody({ request, schema: renameThreadSchema });
    const thread = await renameThread({ id, title });
    if (!thread) throw threadNotFound(id);
    return Response.json(thread);
  });
}

/** Deletes the thread and its messages. */
export function DELETE(_request: Request, { params }: IdParams): Promise<Response> {
  return respondWithErrors(async () => {
    const { id } = await params;
    if (!(await deleteThread({ id }))) throw threadNotFound(id);
    return noContent();
  });
}
