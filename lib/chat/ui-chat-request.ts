import { z } from "zod";
import { modelOptionsSchema } from "@/lib/chat/model-options";
import { MAX_MESSAGE_CHARS } from "@/lib/chat/schemas";

const threadId = z.string().trim().min(1).max(100);
const model = z.string().trim().min(1).max(200).optional();
/** Ollama's model options for this answer, in either body shape. */
const options = modelOptionsSchema.optional();
const text = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(MAX_MESSAGE_CHARS, `must be at most ${MAX_MESSAGE_CHARS} characters`);

/** Lumia's own UI: what to do, in plain fields. */
const lumiaBody = z.object({
  threadId,
  text: text.optional(),
  model,
  options,
  trigger: z.enum(["submit", "regenerate"]).default("submit"),
  editMessageId: z.string().max(100).optional(),
});

/** A stock `useChat` client: the whole message list, of which the last user message is new. */
const aiSdkBody = z.object({
  id: threadId,
  model,
  options,
  trigger: z.enum(["submit-message", "regenerate-message"]).default("submit-message"),
  messages: z
    .array(
      z.looseObject({
        role: z.enum(["user", "assistant", "system"]),
        parts: z.array(z.looseObject({ type: z.string(), text: z.string().optional() })),
      }),
    )
    .min(1),
});

/** `POST /api/chat`: either body shape, normalised. */
export const uiChatRequestSchema = z.union([lumiaBody, aiSdkBody]).transform((body) => {
  if ("threadId" in body) return { ...body, createIfMissing: false };
  const lastUser = body.messages.findLast((m) => m.role === "user");
  const lastText = lastUser?.parts
    .filter((p) => p.type === "text")
    .map((p) => p.text ?? "")
    .join("");
  return {
    threadId: body.id,
    model: body.model,
    options: body.options,
    trigger: body.trigger === "regenerate-message" ? ("regenerate" as const) : ("submit" as const),
    text: lastText,
    editMessageId: undefined,
    createIfMissing: true,
  };
});
export type UiChatRequest = z.infer<typeof uiChatRequestSchema>;
