import type { IncomingMessage, ServerResponse } from "node:http";
import { handleChat } from "./chat-handler";
import type { EmulatorContext } from "./context";
import { handleGetConfig, handlePostConfig, handleReset, handleStats } from "./control-handlers";
import { handleEmbed } from "./embed-handler";
import { handleGenerate } from "./generate-handler";
import { sendError, sendText } from "./http";
import { handlePs, handleRoot, handleShow, handleTags, handleVersion } from "./info-handlers";
import { handleDelete, handlePull } from "./pull-delete-handlers";

type Handler = (args: {
  req: IncomingMessage;
  res: ServerResponse;
  ctx: EmulatorContext;
  path: string;
}) => void | Promise<void>;

// Ollama's routes (server/routes.go) with the methods it registers, plus the emulator's controls.
const routes: Record<string, Record<string, Handler>> = {
  "/": { GET: handleRoot, HEAD: handleRoot },
  "/api/version": { GET: handleVersion, HEAD: handleVersion },
  "/api/tags": { GET: handleTags, HEAD: handleTags },
  "/api/ps": { GET: handlePs },
  "/api/show": { POST: handleShow },
  "/api/pull": { POST: handlePull },
  "/api/delete": { DELETE: handleDelete },
  "/api/chat": { POST: handleChat },
  "/api/generate": { POST: handleGenerate },
  "/api/embed": { POST: handleEmbed },
  "/api/embeddings": { POST: handleEmbed },
  "/_emulator/config": { GET: handleGetConfig, POST: handlePostConfig },
  "/_emulator/reset": { POST: handleReset },
  "/_emulator/stats": { GET: handleStats },
};

/** Dispatches a request; unknown paths and methods get Go's plain-text 404 and 405. */
export function route({
  req,
  res,
  ctx,
}: {
  req: IncomingMessage;
  res: ServerResponse;
  ctx: EmulatorContext;
}) {
  const url = req.url ?? "/";
  const query = url.indexOf("?");
  const path = query === -1 ? url : url.slice(0, query);
  const methods = routes[path];
  if (!methods) return sendText({ res, status: 404, text: "404 page not found" });
  const handler = methods[req.method ?? "GET"];
  if (!handler) return sendText({ res, status: 405, text: "405 method not allowed" });
  Promise.resolve(handler({ req, res, ctx, path })).catch((error: unknown) => {
    if (res.headersSent) res.destroy();
    else sendError({ res, status: 500, message: String(error) });
  });
}
