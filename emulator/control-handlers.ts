import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { mergeConfig } from "./config";
import { type EmulatorContext, resetContext } from "./context";
import { readJsonBody, sendError, sendJson } from "./http";

interface HandlerArgs {
  req: IncomingMessage;
  res: ServerResponse;
  ctx: EmulatorContext;
}

/** `GET /_emulator/config`: the live config. */
export function handleGetConfig({ res, ctx }: HandlerArgs) {
  sendJson({ res, body: ctx.config });
}

/** `POST /_emulator/config`: merges a partial config; 400 on unknown keys or bad values. */
export async function handlePostConfig({ req, res, ctx }: HandlerArgs) {
  const read = await readJsonBody({ req });
  if (!read.ok) return sendError({ res, status: 400, message: read.error });
  try {
    ctx.config = mergeConfig({ base: ctx.config, patch: read.body });
  } catch (error) {
    const message = error instanceof z.ZodError ? z.prettifyError(error) : String(error);
    return sendError({ res, status: 400, message });
  }
  sendJson({ res, body: ctx.config });
}

/** `POST /_emulator/reset`: the startup config back, stats and loaded models cleared. */
export function handleReset({ res, ctx }: HandlerArgs) {
  resetContext({ ctx });
  sendJson({ res, body: ctx.config });
}

/** `GET /_emulator/stats`. */
export function handleStats({ res, ctx }: HandlerArgs) {
  sendJson({ res, body: ctx.stats.snapshot() });
}
