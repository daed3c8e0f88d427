import { exportFileName, threadToMarkdown } from "@/lib/chat/export-markdown";
import { threadNotFound } from "@/lib/chat/thread-chat";
import { exportData } from "@/lib/db/export-import";
import { respondWithErrors } from "@/lib/errors";
import { exportFormatSchema } from "@/lib/http/export-schemas";
import { validate } from "@/lib/http/parse-body";
import type { IdParams } from "@/lib/http/route-params";
import { ownerOf } from "@/lib/security/request-principal";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** One of the user's chats as a download: `?format=markdown` or `?format=json` (importable). */
export function GET(request: Request, { params }: IdParams): Promise<Response> {
  return respondWithErrors(async () => {
    const { id } = await params;
    const { format } = validate({
      schema: exportFormatSchema,
      value: Object.fromEntries(new URL(request.url).searchParams),
    });
    const data = await exportData({ owner: ownerOf(request), ids: [id], memories: false });
    const thread = data.threads[0];
    if (!thread) throw threadNotFound(id);
    const markdown = format === "markdown";
    const name = exportFileName({ title: thread.title, extension: markdown ? "md" : "json" });
    return new Response(markdown ? threadToMarkdown({ thread }) : JSON.stringify(data, null, 2), {
      headers: {
        "Content-Type": markdown ? "text/markdown; charset=utf-8" : "application/json; charset=utf-8",
        "Content-Disposition": `attachment; filename="${name}"`,
        "Cache-Control": "no-store",
      },
    });
  });
}
