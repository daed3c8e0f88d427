import { z } from "zod";

// Loose like Go's json decoding: unknown fields are ignored, `null` means "not set".
const common = {
  model: z.string().nullish(),
  stream: z.boolean().nullish(),
  format: z.unknown().optional(),
  keep_alive: z.union([z.number(), z.string()]).nullish(),
  options: z
    .looseObject({
      num_predict: z.number().nullish(),
      // Go decodes `stop` into []string: a bare string is a 400 there too.
      stop: z.array(z.string()).nullish(),
    })
    .nullish(),
  think: z.unknown().optional(),
};

/** A function the model may call (`tools[]`): only its name and parameters matter here. */
const toolSchema = z.looseObject({
  type: z.string().nullish(),
  function: z.looseObject({ name: z.string(), parameters: z.unknown().optional() }),
});

/** `POST /api/chat`. */
export const chatRequestSchema = z.looseObject({
  ...common,
  messages: z
    .array(
      z.looseObject({
        role: z.string(),
        content: z.string().nullish(),
        images: z.array(z.string()).nullish(),
        tool_calls: z.array(z.unknown()).nullish(),
        tool_name: z.string().nullish(),
      }),
    )
    .nullish(),
  tools: z.array(toolSchema).nullish(),
});

/** A tool as the request described it. */
export type ToolDefinition = z.output<typeof toolSchema>;

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

/** `POST /api/pull` and `DELETE /api/delete` (older clients send `name`). */
export const modelRequestSchema = z.looseObject({
  model: z.string().nullish(),
  name: z.string().nullish(),
  stream: z.boolean().nullish(),
  insecure: z.boolean().nullish(),
});

/** The first problem of a failed parse, as one line. */
export function describeIssue({ error }: { error: z.ZodError }): string {
  const issue = error.issues[0];
  return issue ? `invalid request: ${issue.path.join(".") || "body"}: ${issue.message}` : "invalid request";
}
