import { resumeAnswer } from "@/lib/chat/resume-answer";
import { resumeQuerySchema } from "@/lib/chat/schemas";
import { LumiaError, respondWithErrors } from "@/lib/errors";
import { readResumePoint } from "@/lib/generation/last-event-id";
import { clientSignal } from "@/lib/http/client-signal";
import { validate } from "@/lib/http/parse-body";
import type { MessageParams } from "@/lib/http/route-params";
import { ownerOf } from "@/lib/security/request-principal";
import { aiSdkFormat } from "@/lib/stream/ai-sdk-format";
import { seedFormat } from "@/lib/stream/seed-format";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * Reconnects to a thread answer: the events after `Last-Event-ID` (header, or `lastEventId`), then the
 * live ones. `?format=ai-sdk` speaks the AI SDK UI message stream (the browser UI), else the seed's SSE.
 */
export function GET(request: Request, { params }: MessageParams): Promise<Response> {
  return respondWithErrors(async () => {
    const { id, messageId } = await params;
    const query = validate({
      schema: resumeQuerySchema,
      value: Object.fromEntries(new URL(request.url).searchParams),
    });
    const point = readResumePoint(request);
    if (point?.messageId && point.messageId !== messageId) {
      throw new LumiaError("invalid_request", "Invalid request: Last-Event-ID belongs to another answer.");
    }
    return resumeAnswer({
      owner: ownerOf(request),
      threadId: id,
      messageId,
      afterId: point?.afterId ?? 0,
      format: query.format === "ai-sdk" ? aiSdkFormat : seedFormat,
      signal: clientSignal(request),
    });
  });
}
