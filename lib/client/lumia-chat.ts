import { ApiError, parseErrorBody } from "./api";
import { FrameChat } from "./frame-chat";
import type { StreamMonitor } from "./stream-monitor";
import { TimedChatTransport } from "./timed-chat-transport";
import type { LumiaUIMessage } from "./types";
import { messageText } from "./ui-messages";

/** What the UI passes with each request; the transport turns it into `POST /api/chat`'s body. */
export interface RequestExtras {
  threadId: string;
  model?: string;
  editMessageId?: string;
}

export interface ChatFailure {
  message: string;
  code: string;
}

/** Any error of a chat request as the message to show and the server's code. */
export function toFailure(error: unknown): ChatFailure {
  if (error instanceof ApiError) return { message: error.message, code: error.code };
  if (error instanceof Error) {
    // The transport throws the response body as the message of a plain Error.
    const parsed = parseErrorBody({ text: error.message, status: 0 });
    return { message: parsed.message, code: parsed.code };
  }
  return { message: String(error), code: "" };
}

/**
 * The Chat behind useChat: renders coalesced per frame, arrivals timed by the transport, and the
 * request body `POST /api/chat` takes (`threadId`, `text`, `trigger`, `model`, `editMessageId`). The
 * transport also reconnects to running answers (`transport.resumeFrom`, then `chat.resumeStream()`).
 */
export function createLumiaChat({
  monitor,
  onFinish,
}: {
  monitor: StreamMonitor;
  onFinish: (options: { message: LumiaUIMessage; isAbort: boolean; isError: boolean }) => void;
}): { chat: FrameChat<LumiaUIMessage>; transport: TimedChatTransport<LumiaUIMessage> } {
  const transport = new TimedChatTransport<LumiaUIMessage>({
    api: "/api/chat",
    monitor,
    prepareSendMessagesRequest: ({ body, trigger, messages }) => {
      const extras = body as RequestExtras | undefined;
      const last = messages[messages.length - 1];
      const regenerate = trigger === "regenerate-message";
      return {
        body: {
          threadId: extras?.threadId,
          ...(extras?.model && { model: extras.model }),
          trigger: regenerate ? "regenerate" : "submit",
          ...(!regenerate && last?.role === "user" && { text: messageText(last) }),
          ...(extras?.editMessageId && { editMessageId: extras.editMessageId }),
        },
      };
    },
  });
  return { chat: new FrameChat<LumiaUIMessage>({ transport, onFinish }), transport };
}
