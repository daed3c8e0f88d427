import { getMessage } from "@/lib/db/messages";
import type { Owner } from "@/lib/db/ownership";
import type { Message } from "@/lib/db/types";
import { type ErrorBody, LumiaError } from "@/lib/errors";
import { forwardResume } from "@/lib/generation/forward-to-owner";
import { generations } from "@/lib/generation/registry";
import type { Subscriber } from "@/lib/generation/subscriber";
import { noContent } from "@/lib/http/route-params";
import type { StreamFormat } from "@/lib/stream/encoder";
import type { StreamEvent, StreamStats } from "@/lib/stream/events";
import { eventIdPrefix, StreamResponse } from "@/lib/stream/stream-response";

export function answerNotFound(threadId: string, messageId: string): LumiaError {
  return new LumiaError("not_found", `Thread '${threadId}' has no answer '${messageId}'.`);
}

/**
 * Reconnects a client to a thread answer: every event after `afterId`, then the live ones, with no gap
 * and no duplicate. An answer that ended and is no longer kept in memory is told from the database:
 * whole (start, its text, its end) to a client that has seen nothing of it. When nothing is left to
 * send, 204: an EventSource (which reconnects after every stream, even a finished one) then stops.
 */
export async function resumeAnswer({
  owner,
  threadId,
  messageId,
  afterId,
  format,
  signal,
}: {
  /** The thread's owner: another's answer is one that does not exist. */
  owner: Owner;
  threadId: string;
  messageId: string;
  afterId: number;
  format: StreamFormat;
  signal?: AbortSignal;
}): Promise<Response> {
  const message = await getMessage({ owner, threadId, id: messageId });
  if (message?.role !== "assistant") throw answerNotFound(threadId, messageId);
  const registry = generations();
  const idPrefix = eventIdPrefix(messageId);
  const known = await registry.status({ id: messageId });
  // The client saw the end already (an EventSource reconnects after every stream): 204 stops it.
  if (known && !known.running && afterId >= known.lastEventId) return noContent();
  if (known) {
    return new StreamResponse({
      format,
      signal,
      idPrefix,
      // Attached when the response is first written; replayed from the database if it was let go since.
      connect: (subscriber) =>
        registry.subscribe({ id: messageId, afterId, subscriber }) ?? replayStored({ message, subscriber }),
    });
  }
  if (message.status === "streaming") {
    // Written by another worker of this instance: that one serves the resume.
    const forwarded = await forwardResume({
      owner,
      threadId,
      messageId,
      afterId,
      format: format.name,
      signal,
    });
    if (forwarded) return forwarded;
    throw new LumiaError(
      "answer_elsewhere",
      "This answer is being written by another Lumia process that this one cannot reach; try again shortly.",
    );
  }
  if (afterId > 0) return noContent();
  return new StreamResponse({
    format,
    signal,
    idPrefix,
    connect: (subscriber) => replayStored({ message, subscriber }),
  });
}

/** A stored answer as one short stream: start, its text, how it ended. */
function replayStored({ message, subscriber }: { message: Message; subscriber: Subscriber }): () => void {
  const stored = (message.stats ?? {}) as Partial<StreamStats> & { error?: ErrorBody };
  const stats: StreamStats = {
    first_chunk_ms: null,
    avg_gap_ms: null,
    max_gap_ms: null,
    total_chunks: 0,
    total_ms: 0,
    ...stored,
    model: message.model ?? stored.model ?? "",
  };
  const events: StreamEvent[] = [
    { type: "start", id: message.id, model: stats.model, meta: { threadId: message.threadId } },
  ];
  if (message.content) events.push({ type: "text", text: message.content });
  if (message.status === "error" && stored.error) events.push({ type: "error", error: stored.error });
  else if (message.status === "complete") events.push({ type: "done", stats });
  else events.push({ type: "stopped", stats });
  events.forEach((event, i) => {
    subscriber.send(event, i + 1);
  });
  subscriber.end();
  return () => {};
}
