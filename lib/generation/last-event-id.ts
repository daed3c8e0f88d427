import { LumiaError } from "@/lib/errors";

/** Where a client that reconnects stopped reading: the answer (when the id names it) and the event. */
export interface ResumePoint {
  messageId?: string;
  afterId: number;
}

const EVENT_ID = /^(?:([A-Za-z0-9_-]{1,100}):)?(\d{1,9})$/;

/**
 * The last event a reconnecting client saw, from the `Last-Event-ID` header (what EventSource and
 * fetch-based SSE clients send) or a `lastEventId` query parameter (for clients that cannot set
 * headers). Thread answers' ids are `<message id>:<n>`; a bare `<n>` is accepted where the URL names the
 * answer. Undefined when the request carries neither; a malformed id is a 400.
 */
export function readResumePoint(request: Request): ResumePoint | undefined {
  const raw =
    request.headers.get("last-event-id") ?? new URL(request.url).searchParams.get("lastEventId") ?? undefined;
  if (raw === undefined) return undefined;
  const match = EVENT_ID.exec(raw.trim());
  if (!match) {
    throw new LumiaError(
      "invalid_request",
      `Invalid request: Last-Event-ID '${raw.slice(0, 120)}' is not an event id Lumia sent (<message id>:<n>).`,
    );
  }
  return { ...(match[1] ? { messageId: match[1] } : {}), afterId: Number(match[2]) };
}
