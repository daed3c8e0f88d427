import { z } from "zod";
import { modelOptionsSchema } from "@/lib/chat/model-options";
import { MAX_MESSAGE_CHARS } from "@/lib/chat/schemas";
import { MESSAGE_ROLES, MESSAGE_STATUSES, TITLE_SOURCES } from "@/lib/db/types";
import { MAX_MEMORY_CHARS, MAX_TITLE_CHARS } from "./resource-schemas";

/** The largest import: a user's whole history fits, a mistake of a file does not. */
export const MAX_IMPORT_BYTES = 25 * 1024 * 1024;

const importMessageSchema = z.object({
  role: z.enum(MESSAGE_ROLES),
  // An answer may be longer than a message a user may send; the body limit bounds it.
  content: z.string().max(MAX_MESSAGE_CHARS * 8),
  status: z.enum(MESSAGE_STATUSES).optional(),
  model: z.string().max(200).nullable().optional(),
  stats: z.record(z.string(), z.unknown()).nullable().optional(),
  createdAt: z.iso.datetime({ offset: true }).optional(),
});

const importThreadSchema = z.object({
  title: z.string().trim().min(1).max(MAX_TITLE_CHARS),
  titleSource: z.enum(TITLE_SOURCES).optional(),
  model: z.string().trim().min(1).max(200).nullable().optional(),
  systemPrompt: z.string().max(MAX_MESSAGE_CHARS).nullable().optional(),
  options: modelOptionsSchema.nullable().optional(),
  createdAt: z.iso.datetime({ offset: true }).optional(),
  messages: z.array(importMessageSchema).max(10_000),
});

/** `POST /api/import`: a Lumia export (one chat, or all data). Unknown keys (ids, dates) are ignored. */
export const importSchema = z.object({
  format: z.literal("lumia-export", { message: "is not a Lumia export (format: lumia-export)" }),
  version: z.literal(1, { message: "is a version this Lumia cannot read" }),
  threads: z.array(importThreadSchema).max(10_000),
  memories: z
    .array(
      z.object({
        content: z.string().trim().min(1).max(MAX_MEMORY_CHARS),
        source: z.enum(["user", "extracted"]).optional(),
      }),
    )
    .max(10_000)
    .optional(),
});

/** `GET /api/threads/{id}/export?format=`: Markdown (to read) or JSON (to import again). */
export const exportFormatSchema = z.object({ format: z.enum(["markdown", "json"]).default("json") });
