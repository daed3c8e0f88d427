import { stopAnswer } from "@/lib/chat/stop-answer";
import { respondWithErrors } from "@/lib/errors";
import type { MessageParams } from "@/lib/http/route-params";
import { ownerOf } from "@/lib/security/request-principal";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Stops a running thread answer (from any tab or client); its text so far is kept. */
export function POST(request: Request, { params }: MessageParams): Promise<Response> {
  return respondWithErrors(async () => {
    const { id, messageId } = await params;
    return Response.json(await stopAnswer({ owner: ownerOf(request), threadId: id, messageId }));
  });
}
