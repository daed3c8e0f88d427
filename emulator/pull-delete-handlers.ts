import type { IncomingMessage, ServerResponse } from "node:http";
import type { EmulatorContext } from "./context";
import { JSON_CONTENT_TYPE, NDJSON_HEADERS, readJsonBody, sendError, sendJson } from "./http";
import { canonicalModelName, findModel, modelDigest } from "./models";
import { describeIssue, modelRequestSchema } from "./request-schemas";

interface HandlerArgs {
  req: IncomingMessage;
  res: ServerResponse;
  ctx: EmulatorContext;
}

/** Ollama's message for a name the registry does not have. */
const NO_MANIFEST = "pull model manifest: file does not exist";

/**
 * `POST /api/pull` `{model, stream?}`: fetches a model of the configured registry. Streamed (the
 * default) as Ollama does: `pulling manifest`, then per layer `pulling <digest>` lines with `total`
 * and a growing `completed` (`pullSteps` of them, `pullIntervalMs` apart), `verifying sha256 digest`,
 * `writing manifest`, `success`; the model is then installed (in `/api/tags`). A name the registry does
 * not know gets an `{"error"}` line after the manifest line (a 500 with `stream:false`). A client that
 * leaves stops the pull: nothing is installed.
 */
export async function handlePull({ req, res, ctx }: HandlerArgs) {
  const read = await readJsonBody({ req });
  ctx.stats.logRequest({ path: "/api/pull", at: Date.now(), body: read.ok ? read.body : null });
  if (!read.ok) return sendError({ res, status: 400, message: read.error });
  const parsed = modelRequestSchema.safeParse(read.body);
  if (!parsed.success)
    return sendError({ res, status: 400, message: describeIssue({ error: parsed.error }) });
  const name = parsed.data.model || parsed.data.name;
  if (!name) return sendError({ res, status: 400, message: "model is required" });
  const stream = parsed.data.stream ?? true;
  const found = findModel({ models: ctx.config.registry, name });
  const { pullIntervalMs, pullSteps } = ctx.config;

  const lines: object[] = [{ status: "pulling manifest" }];
  if (found) {
    const digest = modelDigest({ model: found });
    for (let step = 0; step <= pullSteps; step++) {
      lines.push({
        status: `pulling ${digest.slice(0, 12)}`,
        digest: `sha256:${digest}`,
        total: found.size,
        completed: Math.round((found.size * step) / pullSteps),
      });
    }
    lines.push({ status: "verifying sha256 digest" }, { status: "writing manifest" }, { status: "success" });
  }
  const install = () => {
    if (!found || findModel({ models: ctx.config.models, name })) return;
    // Installed under the name asked for (`mistral` is `mistral:latest`), like Ollama's tags.
    const installedName =
      canonicalModelName({ name }) === canonicalModelName({ name: found.name }) ? found.name : name;
    ctx.config = { ...ctx.config, models: [...ctx.config.models, { ...found, name: installedName }] };
  };

  if (!stream) {
    setTimeout(() => {
      if (res.destroyed) return;
      if (!found) return sendError({ res, status: 500, message: NO_MANIFEST });
      install();
      sendJson({ res, body: { status: "success" } });
    }, pullIntervalMs * lines.length);
    return;
  }

  res.writeHead(200, NDJSON_HEADERS);
  let index = 0;
  let timer: NodeJS.Timeout | undefined;
  res.once("close", () => clearTimeout(timer));
  const next = () => {
    if (res.destroyed) return;
    const line = lines[index++];
    if (line === undefined) return res.end(`${JSON.stringify({ error: NO_MANIFEST })}\n`);
    const last = index === lines.length && found;
    // Installed before `success` is written: a client may list the models as soon as it reads it.
    if (last) install();
    res.write(`${JSON.stringify(line)}\n`);
    if (last) res.end();
    else timer = setTimeout(next, pullIntervalMs);
  };
  next();
}

/** `DELETE /api/delete` `{model}`: uninstalls (and unloads) a model; 404 when it is not installed. */
export async function handleDelete({ req, res, ctx }: HandlerArgs) {
  const read = await readJsonBody({ req });
  ctx.stats.logRequest({ path: "/api/delete", at: Date.now(), body: read.ok ? read.body : null });
  if (!read.ok) return sendError({ res, status: 400, message: read.error });
  const parsed = modelRequestSchema.safeParse(read.body);
  if (!parsed.success)
    return sendError({ res, status: 400, message: describeIssue({ error: parsed.error }) });
  const name = parsed.data.model || parsed.data.name;
  if (!name) return sendError({ res, status: 400, message: "model is required" });
  const model = findModel({ models: ctx.config.models, name });
  if (!model) return sendError({ res, status: 404, message: `model '${name}' not found` });
  ctx.config = { ...ctx.config, models: ctx.config.models.filter((m) => m !== model) };
  ctx.loaded.forget({ name: model.name });
  // Ollama answers 200 with an empty body.
  res.writeHead(200, { "Content-Type": JSON_CONTENT_TYPE, "Content-Length": 0 });
  res.end();
}
