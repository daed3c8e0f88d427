import { importData } from "@/lib/db/export-import";
import { respondWithErrors } from "@/lib/errors";
import { importSchema, MAX_IMPORT_BYTES } from "@/lib/http/export-schemas";
import { parseJsonBody } from "@/lib/http/parse-body";
import { ownerOf } from "@/lib/security/request-principal";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Imports a Lumia export (a chat or all data, at most 25 MB) as new chats and memories of the user. */
export function POST(request: Request): Promise<Response> {
  return respondWithErrors(async () => {
    const input = await parseJsonBody({ request, schema: importSchema, maxBytes: MAX_IMPORT_BYTES });
    const result = await importData({ owner: ownerOf(request), ...input });
    return Response.json({ threads: result.threadIds, memories: result.memories }, { status: 201 });
  });
}
