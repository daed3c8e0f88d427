import { resumeAnswer } from "@/lib/chat/resume-answer";
import type { Owner } from "@/lib/db/ownership";
import { LumiaError } from "@/lib/errors";
import { readResumePoint } from "@/lib/generation/last-event-id";
import { clientSignal } from "@/lib/http/client-signal";
import type { StreamFormat } from "@/lib/stream/encoder";

/**
 * A POST to a thread's stream that carries `Last-Event-ID` is a client reconnecting (fetch-based SSE
 * clients re-send the original request): it resumes the answer the id names instead of asking the
 * question again. Undefined for a fresh request.
 */
export async function resumeIfReconnecting({
  owner,
  request,
  threadId,
  format,
}: {
  owner: Owner;
  request: Request;
  threadId: string;
  format: StreamFormat;
}): Promise<Response | undefined> {
  const point = readResumePoint(request);
  if (!point) return undefined;
  if (!point.messageId) {
    throw new LumiaError(
      "invalid_request",
      "Invalid request: to resume, Last-Event-ID must be an id this stream sent (<message id>:<n>).",
    );
  }
  return resumeAnswer({
    owner,
    threadId,
    messageId: point.messageId,
    afterId: point.afterId,
    format,
    signal: clientSignal(request),
  });
}
