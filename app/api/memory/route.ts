import { createMemory, listMemories } from "@/lib/db/memories";
import { respondWithErrors } from "@/lib/errors";
import { parseJsonBody } from "@/lib/http/parse-body";
import { memoryContentSchema } from "@/lib/http/resource-schemas";
import { embedMemoryInBackground } from "@/lib/memory/embed-memory";
import { ownerOf } from "@/lib/security/request-principal";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Everything Lumia remembers about the user, newest first. */
export function GET(request: Request): Promise<Response> {
  return respondWithErrors(async () =>
    Response.json({ memories: await listMemories({ owner: ownerOf(request) }) }),
  );
}

/** Adds a memory; its embedding is computed after the response, when an embedding model is available. */
export function POST(request: Request): Promise<Response> {
  return respondWithErrors(async () => {
    const { content } = await parseJsonBody({ request, schema: memoryContentSchema });
    const memory = await createMemory({ owner: ownerOf(request), content, source: "user" });
    embedMemoryInBackground({ id: memory.id, content });
    return Response.json(memory, { status: 201 });
  });
}
