import { z } from "zod";

// Loose like Go's json decoding: unknown fields are ignored, `null` means "not set".
const common = {
  model: z.string().nullish(),
  stream: z.boolean().nullish(),
  format: z.unknown().optional(),
  keep_alive: z.union([z.number(), z.string()]).nullish(),
  options: z.looseObject({ num_predict: z.number().nullish() }).nullish(),
  think: z.unknown().optional(),
};

/** `POST /api/chat`. */
export const chatRequestSchema = z.looseObject({
  ...common,
  messages: z.array(z.looseObject({ role: z.string(), content: z.string().nullish() })).nullish(),
});

/** `POST /api/generate`. */
export const generateRequestSchema = z.looseObject({
  ...common,
  prompt: z.string().nullish(),
  system: z.string().nullish(),
});

/** `POST /api/embed` (`input`) and the legacy `POST /api/embeddings` (`prompt`). */
export const embedRequestSchema = z.looseObject({
  model: z.string().nullish(),
  input: z.union([z.string(), z.array(z.string())]).nullish(),
  prompt: z.string().nullish(),
  keep_alive: z.union([z.number(), z.string()]).nullish(),
});

/** `POST /api/show`. */
export const showRequestSchema = z.looseObject({ model: z.string().nullish(), name: z.string().nullish() });

/** The first problem of a failed parse, as one line. */
export function describeIssue({ error }: { error: z.ZodError }): string {
  const issue = error.issues[0];
  return issue ? `invalid request: ${issue.path.join(".") || "body"}: ${issue.message}` : "invalid request";
}

/** Whether `format` asks for JSON: "json" or a JSON schema object. */
export function wantsJson({ format }: { format: unknown }): boolean {
  return format === "json" || (typeof format === "object" && format !== null);
}
