import { z } from "zod";

/** `{ "model": "llama3.2:latest" }`: the body of the model management endpoints. */
export const modelNameSchema = z.object({
  model: z
    .string()
    .trim()
    .min(1, "must not be empty")
    .max(200)
    .regex(/^[\w.\-:/@]+$/, "is not a model name"),
});
