import { getEnv } from "@/lib/env";
import { LumiaError } from "@/lib/errors";

/** True when the error is an abort caused by our own signal (a client that left), not a failure. */
export function isAbortError(error: unknown): boolean {
  return error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError");
}

function causeCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  return typeof cause?.code === "string" ? cause.code : undefined;
}

/**
 * Maps whatever ollama-js or fetch threw to Lumia's vocabulary: ResponseError carries Ollama's status,
 * a failed connection is a TypeError from fetch, anything else happened mid-stream.
 */
export function toOllamaError({
  error,
  model,
  host = getEnv().ollamaHost,
}: {
  error: unknown;
  model?: string;
  /** The host that was asked (the first of OLLAMA_HOST unless given), named in the message. */
  host?: string;
}): LumiaError {
  if (error instanceof LumiaError) return error;
  const status = (error as { status_code?: unknown } | undefined)?.status_code;
  const message = error instanceof Error ? error.message : String(error);
  if (typeof status === "number") {
    if (status === 404) return modelNotFound(model ?? "unknown");
    if (status === 503) return new LumiaError("ollama_busy", `Ollama is busy: ${message}`, { cause: error });
    return new LumiaError("ollama_error", `Ollama answered ${status}: ${message}`, { cause: error });
  }
  const code = causeCode(error);
  if (error instanceof TypeError && (message === "fetch failed" || code)) {
    if (code === "UND_ERR_SOCKET" || code === "ECONNRESET") {
      return new LumiaError("stream_interrupted", `The connection to Ollama at ${host} was dropped.`, {
        cause: error,
      });
    }
    return ollamaUnreachable(error, host);
  }
  if (error instanceof TypeError && message === "terminated") {
    return new LumiaError("stream_interrupted", `The connection to Ollama at ${host} was dropped.`, {
      cause: error,
    });
  }
  if (message.includes("Did not receive done")) {
    return new LumiaError("stream_interrupted", "Ollama's answer ended before it was finished.", {
      cause: error,
    });
  }
  return new LumiaError("ollama_error", `Ollama failed: ${message}`, { cause: error });
}

/** Ollama could not be reached at `host` (every host of OLLAMA_HOST, when not given). */
export function ollamaUnreachable(cause?: unknown, host = getEnv().ollamaHosts.join(", ")): LumiaError {
  return new LumiaError(
    "ollama_unreachable",
    `Ollama is not reachable at ${host}. Start it with \`ollama serve\`, or set OLLAMA_HOST to where it runs.`,
    { cause },
  );
}

export function modelNotFound(model: string): LumiaError {
  return new LumiaError(
    "model_not_found",
    `Model '${model}' is not installed in Ollama. Install it with \`ollama pull ${model}\`.`,
  );
}
