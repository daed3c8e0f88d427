import type { IncomingMessage, ServerResponse } from "node:http";
import type { EmulatorContext } from "./context";
import { readJsonBody, sendError, sendJson, sendText } from "./http";
import { findModel, psEntry, showBody, tagEntry } from "./models";
import { describeIssue, showRequestSchema } from "./request-schemas";

/** The version reported by `/api/version`: one that has every field the emulator writes. */
export const OLLAMA_VERSION = "0.12.6";

interface HandlerArgs {
  req: IncomingMessage;
  res: ServerResponse;
  ctx: EmulatorContext;
}

/** `GET|HEAD /`: the health check. */
export function handleRoot({ res }: HandlerArgs) {
  sendText({ res, text: "Ollama is running" });
}

/** `GET /api/version`. */
export function handleVersion({ res }: HandlerArgs) {
  sendJson({ res, body: { version: OLLAMA_VERSION } });
}

/** `GET /api/tags`: the installed models. */
export function handleTags({ res, ctx }: HandlerArgs) {
  sendJson({ res, body: { models: ctx.config.models.map((model) => tagEntry({ model })) } });
}

/** `GET /api/ps`: models used recently, until their keep_alive runs out. */
export function handlePs({ res, ctx }: HandlerArgs) {
  const models = ctx.loaded.list().flatMap((loaded) => {
    const model = findModel({ models: ctx.config.models, name: loaded.name });
    return model ? [psEntry({ model, loaded })] : [];
  });
  sendJson({ res, body: { models } });
}

/** `POST /api/show`: details and capabilities of one model. */
export async function handleShow({ req, res, ctx }: HandlerArgs) {
  const read = await readJsonBody({ req });
  ctx.stats.logRequest({ path: "/api/show", at: Date.now(), body: read.ok ? read.body : null });
  if (!read.ok) return sendError({ res, status: 400, message: read.error });
  const parsed = showRequestSchema.safeParse(read.body);
  if (!parsed.success)
    return sendError({ res, status: 400, message: describeIssue({ error: parsed.error }) });
  // Older clients send `name`.
  const name = parsed.data.model || parsed.data.name;
  if (!name) return sendError({ res, status: 400, message: "model is required" });
  const model = findModel({ models: ctx.config.models, name });
  if (!model) return sendError({ res, status: 404, message: `model '${name}' not found` });
  sendJson({ res, body: showBody({ model }) });
}
