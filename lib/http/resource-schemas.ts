import { z } from "zod";
import { modelOptionsSchema } from "@/lib/chat/model-options";
import { MAX_MESSAGE_CHARS } from "@/lib/chat/schemas";

/** Longest thread title, in characters. */
export const MAX_TITLE_CHARS = 200;
/** Longest memory, in characters: a fact, not a document. */
export const MAX_MEMORY_CHARS = 2_000;

/** A thread's own settings; null clears one (back to Lumia's default). */
const threadSettingsShape = {
  model: z.string().trim().min(1).max(200).nullable().optional(),
  systemPrompt: z
    .string()
    .max(MAX_MESSAGE_CHARS, `must be at most ${MAX_MESSAGE_CHARS} characters`)
    .nullable()
    .optional(),
  options: modelOptionsSchema.nullable().optional(),
};

export const createThreadSchema = z.object({
  title: z.string().trim().max(MAX_TITLE_CHARS, `must be at most ${MAX_TITLE_CHARS} characters`).optional(),
  ...threadSettingsShape,
});

/** `PATCH /api/threads/{id}`: a new title, new settings, or both. */
export const updateThreadSchema = z
  .object({
    title: z
      .string()
      .trim()
      .min(1, "must not be empty")
      .max(MAX_TITLE_CHARS, `must be at most ${MAX_TITLE_CHARS} characters`)
      .optional(),
    ...threadSettingsShape,
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), {
    message: "give a title, model, systemPrompt or options to change",
  });

export const listThreadsQuerySchema = z.object({
  q: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
  cursor: z.string().max(500).optional(),
});

export const memoryContentSchema = z.object({
  content: z
    .string()
    .trim()
    .min(1, "must not be empty")
    .max(MAX_MEMORY_CHARS, `must be at most ${MAX_MEMORY_CHARS} characters`),
});
