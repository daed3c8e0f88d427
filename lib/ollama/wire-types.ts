import type { ToolCall } from "@/lib/stream/events";

/*
 * What Lumia sends to Ollama's /api/chat, in Ollama's wire names (snake_case, as api/types.go has them).
 */

/** One message of `/api/chat`'s history, in Ollama's wire names. */
export interface ChatMessage {
  role: "system" | "user" | "assistant" | "tool";
  content: string;
  /** Base64 images (no data-URL prefix) for vision models. */
  images?: string[];
  /** An assistant turn that called functions. */
  tool_calls?: ToolCall[];
  /** A tool result: the function it answers (Ollama matches results by name and order). */
  tool_name?: string;
  /** A tool result: the id of the call it answers (recent Ollama versions read it). */
  tool_call_id?: string;
}

/** A function the model may call, as Ollama (and OpenAI) describe it. */
export interface ToolDefinition {
  type: "function";
  function: { name: string; description?: string; parameters?: Record<string, unknown> };
}

/** What shapes an answer besides the messages: Ollama's `options`, `format` and `tools`. */
export interface OllamaGenerationOptions {
  /** Ollama's model options (`temperature`, `top_p`, `seed`, `num_predict`, `num_ctx`, `stop`, ...). */
  options?: Record<string, unknown>;
  /** `"json"`, or a JSON schema the answer must follow. */
  format?: "json" | Record<string, unknown>;
  tools?: ToolDefinition[];
}
