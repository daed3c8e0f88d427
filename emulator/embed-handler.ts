import type { IncomingMessage, ServerResponse } from "node:http";
import { toNanos } from "./clock";
import type { EmulatorContext } from "./context";
import { embedText } from "./embedding";
import { readJsonBody, sendError, sendJson } from "./http";
import { parseKeepAlive } from "./keep-alive";
import { findModel } from "./models";
import { describeIssue, embedRequestSchema } from "./request-schemas";
import { countTokens } from "./tokenize";

/**
 * `POST /api/embed` (`{model, input}` → `{embeddings}`) and the legacy `POST /api/embeddings`
 * (`{model, prompt}` → `{embedding}`). Any installed model embeds, as in Ollama; a cold model pays `loadMs`.
 */
export async function handleEmbed({
  req,
  res,
  ctx,
  path,
}: {
  req: IncomingMessage;
  res: ServerResponse;
  ctx: EmulatorContext;
  path: string;
}) {
  const read = await readJsonBody({ req });
  ctx.stats.logRequest({ path, at: Date.now(), body: read.ok ? read.body : null });
  if (!read.ok) return sendError({ res, status: 400, message: read.error });
  const parsed = embedRequestSchema.safeParse(read.body);
  if (!parsed.success)
    return sendError({ res, status: 400, message: describeIssue({ error: parsed.error }) });
  const body = parsed.data;
  if (!body.model) return sendError({ res, status: 400, message: "model is required" });
  const model = findModel({ models: ctx.config.models, name: body.model });
  if (!model) return sendError({ res, status: 404, message: `model '${body.model}' not found` });

  const legacy = path === "/api/embeddings";
  const inputs = legacy
    ? [body.prompt ?? ""]
    : typeof body.input === "string"
      ? [body.input]
      : (body.input ?? []);
  const startedAt = performance.now();
  const waitMs = ctx.loaded.use({ name: model.name, loadMs: ctx.config.loadMs });
  setTimeout(() => {
    ctx.loaded.release({ name: model.name, keepAliveMs: parseKeepAlive({ value: body.keep_alive }) });
    const embeddings = inputs.map((text) => (legacy && text === "" ? [] : embedText({ text })));
    if (legacy) return sendJson({ res, body: { embedding: embeddings[0] ?? [] } });
    sendJson({
      res,
      body: {
        model: body.model,
        embeddings,
        total_duration: toNanos({ ms: performance.now() - startedAt }),
        load_duration: toNanos({ ms: waitMs }),
        prompt_eval_count: inputs.reduce((sum, text) => sum + countTokens({ text }), 0),
      },
    });
  }, waitMs);
}
