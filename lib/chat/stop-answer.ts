import { answerNotFound } from "@/lib/chat/resume-answer";
import { getMessage } from "@/lib/db/messages";
import type { Owner } from "@/lib/db/ownership";
import type { MessageStatus } from "@/lib/db/types";
import { forwardStop } from "@/lib/generation/forward-to-owner";
import { generations } from "@/lib/generation/registry";

/**
 * Stops a thread answer, from whichever connection or tab asks: Ollama is aborted at once, its readers get
 * the answer's end, and the text so far is kept as interrupted. Stopping an answer that already ended
 * changes nothing (two tabs may both press stop).
 */
export async function stopAnswer({
  owner,
  threadId,
  messageId,
}: {
  owner: Owner;
  threadId: string;
  messageId: string;
}): Promise<{ stopped: boolean; status: MessageStatus }> {
  const message = await getMessage({ owner, threadId, id: messageId });
  if (message?.role !== "assistant") throw answerNotFound(threadId, messageId);
  const stopped = await generations().stop({ id: messageId });
  if (!stopped && message.status === "streaming") {
    // Written by another worker of this instance: that one stops it.
    const forwarded = await forwardStop({ owner, threadId, messageId });
    if (forwarded) return forwarded;
  }
  return { stopped, status: stopped ? "interrupted" : message.status };
}
