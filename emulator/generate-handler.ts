import type { IncomingMessage, ServerResponse } from "node:http";
import type { EmulatorContext } from "./context";
import { readJsonBody, sendError } from "./http";
import { describeIssue, generateRequestSchema } from "./request-schemas";
import { serveGeneration } from "./serve-generation";

/** `POST /api/generate`: answers the prompt. */
export async function handleGenerate({
  req,
  res,
  ctx,
}: {
  req: IncomingMessage;
  res: ServerResponse;
  ctx: EmulatorContext;
}) {
  const read = await readJsonBody({ req });
  ctx.stats.logRequest({ path: "/api/generate", at: Date.now(), body: read.ok ? read.body : null });
  if (!read.ok) return sendError({ res, status: 400, message: read.error });
  const parsed = generateRequestSchema.safeParse(read.body);
  if (!parsed.success)
    return sendError({ res, status: 400, message: describeIssue({ error: parsed.error }) });
  const body = parsed.data;
  if (!body.model) return sendError({ res, status: 400, message: "model is required" });

  const prompt = body.prompt ?? "";
  serveGeneration({
    res,
    ctx,
    request: {
      kind: "generate",
      model: body.model,
      prompt,
      earlierUserTexts: [],
      promptText: body.system ? `${body.system}\n${prompt}` : prompt,
      loadOnly: prompt === "",
      stream: body.stream ?? true,
      format: body.format,
      keepAlive: body.keep_alive,
      numPredict: body.options?.num_predict ?? undefined,
      stop: body.options?.stop ?? [],
      think: body.think,
    },
  });
}
