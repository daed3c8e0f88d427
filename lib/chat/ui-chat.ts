import { z } from "zod";
import { MAX_MESSAGE_CHARS } from "@/lib/chat/schemas";
import { startThreadChat, threadNotFound } from "@/lib/chat/thread-chat";
import type { UiChatRequest } from "@/lib/chat/ui-chat-request";
import { deleteMessagesAfter } from "@/lib/db/messages";
import type { Owner } from "@/lib/db/ownership";
import { createThread, getThread, getThreadSettings } from "@/lib/db/threads";
import { LumiaError } from "@/lib/errors";
import { validate } from "@/lib/http/parse-body";
import { aiSdkFormat } from "@/lib/stream/ai-sdk-format";

const textSchema = z.string().trim().min(1, "must not be empty").max(MAX_MESSAGE_CHARS);

/**
 * Works out which user message to answer: a new one (submit), the last one again (regenerate: its old
 * answer goes), or an edited one (it and everything after it go). Returns the text to send.
 */
async function prepareThread({ owner, request }: { owner: Owner; request: UiChatRequest }): Promise<string> {
  // A new message only needs the thread to exist (one prepared statement); regenerate and edit need its
  // messages.
  const needsMessages = request.trigger === "regenerate" || request.editMessageId !== undefined;
  const thread = needsMessages
    ? await getThread({ owner, id: request.threadId })
    : (await getThreadSettings({ owner, id: request.threadId })) && { messages: [] };
  if (!thread) {
    if (!request.createIfMissing) throw threadNotFound(request.threadId);
    // The id may be another user's thread: that one is not found here, and not taken over either.
    await createThread({ owner, id: request.threadId }).catch((error) => {
      throw isUniqueViolation(error) ? threadNotFound(request.threadId) : error;
    });
  }
  const messages = thread?.messages ?? [];
  if (request.trigger === "regenerate") {
    const lastUser = messages.findLast((m) => m.role === "user");
    if (!lastUser)
      throw new LumiaError("invalid_request", "There is no question in this thread to answer again.");
    await deleteMessagesAfter({ threadId: request.threadId, seq: lastUser.seq });
    return request.text ?? lastUser.content;
  }
  const text = validate({ schema: z.object({ text: textSchema }), value: { text: request.text } }).text;
  if (request.editMessageId) {
    const edited = messages.find((m) => m.id === request.editMessageId && m.role === "user");
    if (!edited)
      throw new LumiaError("not_found", `Message '${request.editMessageId}' is not in this thread.`);
    await deleteMessagesAfter({ threadId: request.threadId, seq: edited.seq });
  }
  return text;
}

/**
 * The browser UI's chat (and any AI SDK client's): thread chat with memory, spoken as the AI SDK UI
 * message stream. Persists exactly like `/threads/{id}/chat/stream`.
 */
export async function startUiChat({
  owner,
  request,
  endpoint,
  signal,
}: {
  owner: Owner;
  request: UiChatRequest;
  endpoint: string;
  signal: AbortSignal;
}): Promise<Response> {
  const message = await prepareThread({ owner, request });
  return startThreadChat({
    owner,
    threadId: request.threadId,
    message,
    model: request.model,
    options: request.options,
    useMemory: true,
    endpoint,
    signal,
    format: aiSdkFormat,
  });
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === "P2002";
}
