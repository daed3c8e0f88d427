import { z } from "zod";

/** Longest thread title, in characters. */
export const MAX_TITLE_CHARS = 200;
/** Longest memory, in characters: a fact, not a document. */
export const MAX_MEMORY_CHARS = 2_000;

export const createThreadSchema = z.object({
  title: z.string().trim().max(MAX_TITLE_CHARS, `must be at most ${MAX_TITLE_CHARS} characters`).optional(),
});

export const renameThreadSchema = z.object({
  title: z
    .string()
    .trim()
    .min(1, "must not be empty")
    .max(MAX_TITLE_CHARS, `must be at most ${MAX_TITLE_CHARS} characters`),
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
