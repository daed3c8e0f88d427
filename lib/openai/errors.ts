import { type ErrorBody, type ErrorCode, LumiaError } from "@/lib/errors";

/** OpenAI's error object: what its SDKs read into `APIError.message`, `.type`, `.param` and `.code`. */
export interface OpenAiError {
  message: string;
  type: string;
  param: string | null;
  /** Lumia's own code (`model_not_found`, `ollama_unreachable`, ...), for clients to switch on. */
  code: ErrorCode;
}

/**
 * OpenAI's error types follow the HTTP status (its SDKs pick their error class by status alone), so
 * a code Lumia adds later gets a fitting type without being listed here.
 */
function typeForStatus(status: number): string {
  if (status === 400 || status === 413 || status === 422) return "invalid_request_error";
  if (status === 401) return "authentication_error";
  if (status === 403) return "permission_error";
  if (status === 404) return "not_found_error";
  if (status === 405) return "invalid_request_error";
  if (status === 429) return "rate_limit_error";
  return "server_error";
}

/** One mapping from Lumia's errors to OpenAI's error object. */
export function toOpenAiError({ error }: { error: LumiaError }): OpenAiError {
  return {
    message: error.message,
    type: typeForStatus(error.status),
    param: error.param ?? null,
    code: error.code,
  };
}

/** The same for an error that reached a stream as its body (the pipeline's `error` event). */
export function openAiErrorOfBody({ body }: { body: ErrorBody }): OpenAiError {
  return toOpenAiError({ error: new LumiaError(body.code, body.error) });
}

/** An error before the stream: `{"error": {...}}` with the error's HTTP status. */
export function openAiErrorResponse({
  error,
  headers,
}: {
  error: LumiaError;
  headers?: Record<string, string>;
}): Response {
  return Response.json({ error: toOpenAiError({ error }) }, { status: error.status, headers });
}
