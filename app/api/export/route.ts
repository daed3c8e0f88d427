import { exportData } from "@/lib/db/export-import";
import { respondWithErrors } from "@/lib/errors";
import { ownerOf } from "@/lib/security/request-principal";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** All of the user's data (every chat with its messages, and the memories) as one importable file. */
export function GET(request: Request): Promise<Response> {
  return respondWithErrors(async () => {
    const data = await exportData({ owner: ownerOf(request), memories: true });
    const day = data.exportedAt.slice(0, 10);
    return new Response(JSON.stringify(data, null, 2), {
      headers: {
        "Content-Type": "application/json; charset=utf-8",
        "Content-Disposition": `attachment; filename="lumia-export-${day}.json"`,
        "Cache-Control": "no-store",
      },
    });
  });
}
