import type { ServerResponse } from "node:http";
import { rfc3339Nano } from "./clock";
import type { EmulatorContext } from "./context";
import { readDirective } from "./directive";
import { runGeneration } from "./generation";
import { sendError, sendJson } from "./http";
import { parseKeepAlive } from "./keep-alive";
import { chatLineFormat, generateLineFormat } from "./line-format";
import { findModel } from "./models";
import { buildReply, cutAtStop, fnv1a } from "./reply";
import type { ToolDefinition } from "./request-schemas";
import { countTokens, tokenize } from "./tokenize";
import { planToolAnswer } from "./tool-answer";

/** What `/api/chat` and `/api/generate` have in common once their bodies are read. */
export interface GenerationRequest {
  kind: "chat" | "generate";
  /** The model name as requested: every line echoes it. */
  model: string;
  /** The last user message (chat) or the prompt (generate), where a directive may be. */
  prompt: string;
  /** The other user messages, for fact extraction. */
  earlierUserTexts: readonly string[];
  /** Everything the model would read, for `prompt_eval_count`. */
  promptText: string;
  /** No messages / empty prompt: Ollama only loads (or, with keep_alive 0, unloads) the model. */
  loadOnly: boolean;
  stream: boolean;
  /** `format`: "json", a JSON schema, or nothing. */
  format: unknown;
  keepAlive: unknown;
  numPredict: number | undefined;
  /** `options.stop`: the answer ends before the first of these. */
  stop: readonly string[];
  think: unknown;
  /** Chat only: the conversation and the tools offered, for answers that call or use tools. */
  messages?: readonly { role: string; content?: string | null; tool_name?: string | null }[];
  tools?: readonly ToolDefinition[];
}

const SERVER_BUSY = "server busy, please try again. maximum pending requests exceeded";

/** Validates a chat/generate request against the installed models and the config, then plays it. */
export function serveGeneration({
  res,
  ctx,
  request,
}: {
  res: ServerResponse;
  ctx: EmulatorContext;
  request: GenerationRequest;
}) {
  const { config, stats, loaded } = ctx;
  const model = findModel({ models: config.models, name: request.model });
  if (!model) return sendError({ res, status: 404, message: `model '${request.model}' not found` });
  if (!model.capabilities.includes("completion")) {
    return sendError({ res, status: 400, message: `"${request.model}" does not support ${request.kind}` });
  }
  if (request.think != null && request.think !== false && !model.capabilities.includes("thinking")) {
    return sendError({ res, status: 400, message: `"${request.model}" does not support thinking` });
  }
  if (request.tools?.length && !model.capabilities.includes("tools")) {
    return sendError({ res, status: 400, message: `"${request.model}" does not support tools` });
  }
  const directive = readDirective({ text: request.prompt });
  if (!directive.ok) return sendError({ res, status: 400, message: directive.error });
  const settings = { ...config, ...directive.overrides };
  const keepAliveMs = parseKeepAlive({ value: request.keepAlive });

  if (request.loadOnly) {
    const waitMs = loaded.use({ name: model.name, loadMs: settings.loadMs });
    setTimeout(() => {
      loaded.release({ name: model.name, keepAliveMs });
      const doneReason = keepAliveMs === 0 ? "unload" : "load";
      const empty =
        request.kind === "chat" ? { message: { role: "assistant", content: "" } } : { response: "" };
      sendJson({
        res,
        body: {
          model: request.model,
          created_at: rfc3339Nano(),
          ...empty,
          done: true,
          done_reason: doneReason,
        },
      });
    }, waitMs);
    return;
  }
  if (config.maxQueue !== null && stats.active >= config.maxQueue) {
    return sendError({ res, status: 503, message: SERVER_BUSY });
  }

  const toolAnswer = request.messages
    ? planToolAnswer({
        messages: request.messages,
        tools: request.tools ?? [],
        toolCalls: settings.toolCalls,
      })
    : undefined;
  const toolCalls = toolAnswer?.kind === "calls" ? toolAnswer.calls : undefined;
  const reply =
    toolAnswer?.kind === "text"
      ? tokenize({ text: toolAnswer.text })
      : toolCalls
        ? []
        : buildReply({
            prompt: directive.text,
            userTexts: [...request.earlierUserTexts, directive.text],
            format: request.format,
            replyTokens: settings.replyTokens,
          });
  const cut = cutAtStop({ tokens: reply, stop: request.stop });
  const limit = request.numPredict !== undefined && request.numPredict >= 0 ? request.numPredict : Infinity;
  const tokens = cut.tokens.length > limit ? cut.tokens.slice(0, limit) : cut.tokens;
  const promptText = request.promptText.replace(request.prompt, directive.text);
  const format =
    request.kind === "chat"
      ? chatLineFormat({ model: request.model })
      : generateLineFormat({ model: request.model, context: contextOf([promptText, ...tokens]) });

  runGeneration({
    res,
    stats,
    plan: {
      tokens,
      format,
      settings,
      stream: request.stream,
      loadWaitMs: loaded.use({ name: model.name, loadMs: settings.loadMs }),
      promptEvalCount: countTokens({ text: promptText }),
      doneReason: tokens.length < cut.tokens.length ? "length" : "stop",
      ...(toolCalls
        ? {
            toolCalls,
            toolCallTokens: countTokens({ text: JSON.stringify(toolCalls.map((c) => c.function)) }),
          }
        : {}),
    },
    onSettled: () => loaded.release({ name: model.name, keepAliveMs }),
  });
}

/** `/api/generate`'s `context`: stand-in token ids, stable for the same conversation. */
function contextOf(texts: readonly string[]): number[] {
  return texts.flatMap((text) => tokenize({ text }).map((token) => fnv1a({ text: token }) % 128_256));
}
