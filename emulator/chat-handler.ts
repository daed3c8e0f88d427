import type { IncomingMessage, ServerResponse } from "node:http";
import type { EmulatorContext } from "./context";
import { readJsonBody, sendError } from "./http";
import { chatRequestSchema, describeIssue } from "./request-schemas";
import { serveGeneration } from "./serve-generation";

/** `POST /api/chat`: answers the last user message. */
export async function handleChat({
  req,
  res,
  ctx,
}: {
  req: IncomingMessage;
  res: ServerResponse;
  ctx: EmulatorContext;
}) {
  const read = await readJsonBody({ req });
  ctx.stats.logRequest({ path: "/api/chat", at: Date.now(), body: read.ok ? read.body : null });
  if (!read.ok) return sendError({ res, status: 400, message: read.error });
  const parsed = chatRequestSchema.safeParse(read.body);
  if (!parsed.success)
    return sendError({ res, status: 400, message: describeIssue({ error: parsed.error }) });
  const body = parsed.data;
  if (!body.model) return sendError({ res, status: 400, message: "model is required" });

  const messages = body.messages ?? [];
  const userTexts = messages.filter((m) => m.role === "user").map((m) => m.content ?? "");
  serveGeneration({
    res,
    ctx,
    request: {
      kind: "chat",
      model: body.model,
      prompt: userTexts.at(-1) ?? "",
      earlierUserTexts: userTexts.slice(0, -1),
      promptText: messages.map((m) => m.content ?? "").join("\n"),
      loadOnly: messages.length === 0,
      stream: body.stream ?? true,
      format: body.format,
      keepAlive: body.keep_alive,
      numPredict: body.options?.num_predict ?? undefined,
      stop: body.options?.stop ?? [],
      think: body.think,
      messages,
      tools: body.tools ?? [],
    },
  });
}
