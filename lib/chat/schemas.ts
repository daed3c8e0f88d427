import { z } from "zod";
import { modelOptionsSchema } from "@/lib/chat/model-options";

/** Longest message a user can send, in characters. */
export const MAX_MESSAGE_CHARS = 32_000;

const messageText = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(MAX_MESSAGE_CHARS, `must be at most ${MAX_MESSAGE_CHARS} characters`);

const modelName = z.string().trim().min(1).max(200);

export const historyMessageSchema = z.object({
  role: z.enum(["user", "assistant", "system"]),
  content: z.string().max(MAX_MESSAGE_CHARS, `must be at most ${MAX_MESSAGE_CHARS} characters`),
});

/** `POST /chat/stream`. */
export const chatStreamSchema = z.object({
  message: messageText,
  model: modelName.optional(),
  system: z.string().max(MAX_MESSAGE_CHARS).optional(),
  history: z.array(historyMessageSchema).max(500).optional(),
  /** Ollama's model options for this answer (temperature, num_predict, stop, ...). */
  options: modelOptionsSchema.optional(),
});
export type ChatStreamInput = z.infer<typeof chatStreamSchema>;

/** `GET|POST /memory/test/stream` query: out-of-range values are capped, not refused. */
export const testStreamQuerySchema = z.object({
  chunks: z.coerce
    .number()
    .int()
    .min(1)
    .default(20)
    .transform((n) => Math.min(n, 1000)),
  interval_ms: z.coerce
    .number()
    .int()
    .min(0)
    .default(100)
    .transform((n) => Math.min(n, 5000)),
});
export type TestStreamQuery = z.infer<typeof testStreamQuerySchema>;

/** `POST /threads/{id}/chat/stream` and `POST /memory/chat/fast`. */
export const messageOnlySchema = z.object({
  message: messageText,
  model: modelName.optional(),
  /** Ollama's model options for this answer (temperature, num_predict, stop, ...). */
  options: modelOptionsSchema.optional(),
});
export type MessageOnlyInput = z.infer<typeof messageOnlySchema>;

/** `POST /memory/chat/stream`. */
export const memoryChatSchema = messageOnlySchema.extend({
  threadId: z.string().trim().min(1).max(100).optional(),
});
export type MemoryChatInput = z.infer<typeof memoryChatSchema>;

/** `GET /threads/{id}/messages/{messageId}/stream`: which wire format the resumed answer speaks. */
export const resumeQuerySchema = z.object({
  format: z.enum(["seed", "ai-sdk"]).default("seed"),
});
