/** Every failure Lumia reports, as a machine code that clients can switch on. */
export type ErrorCode =
  | "invalid_request"
  | "payload_too_large"
  | "unsupported_media_type"
  | "host_not_allowed"
  | "cross_site_request"
  | "unauthorized"
  | "forbidden"
  | "rate_limited"
  | "model_not_found"
  | "thread_not_found"
  | "memory_not_found"
  | "not_found"
  | "method_not_allowed"
  | "ollama_unreachable"
  | "ollama_busy"
  | "ollama_error"
  | "ollama_stalled"
  | "stream_interrupted"
  | "server_shutdown"
  | "answer_elsewhere"
  | "instance_gone"
  | "internal_error";

const statusByCode: Record<ErrorCode, number> = {
  invalid_request: 400,
  payload_too_large: 413,
  unsupported_media_type: 415,
  host_not_allowed: 421,
  cross_site_request: 403,
  unauthorized: 401,
  forbidden: 403,
  rate_limited: 429,
  model_not_found: 404,
  thread_not_found: 404,
  memory_not_found: 404,
  not_found: 404,
  method_not_allowed: 405,
  ollama_unreachable: 503,
  ollama_busy: 503,
  ollama_error: 502,
  ollama_stalled: 504,
  stream_interrupted: 502,
  server_shutdown: 503,
  answer_elsewhere: 503,
  instance_gone: 502,
  internal_error: 500,
};

/** The JSON body of an error response and the data of an SSE `error` event. */
export interface ErrorBody {
  error: string;
  code: ErrorCode;
}

/** An error whose message is safe to show to the user. */
export class LumiaError extends Error {
  readonly code: ErrorCode;
  /** The request field at fault (`messages[1].content`), when one is: OpenAI's error object names it. */
  readonly param: string | undefined;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; param?: string }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "LumiaError";
    this.code = code;
    this.param = options?.param;
  }

  get status(): number {
    return statusByCode[this.code];
  }

  toBody(): ErrorBody {
    return { error: this.message, code: this.code };
  }

  toResponse(): Response {
    return Response.json(this.toBody(), { status: this.status });
  }
}

/** Anything thrown, as a LumiaError: unknown errors become `internal_error` with a generic message. */
export function asLumiaError(error: unknown): LumiaError {
  if (error instanceof LumiaError) return error;
  return new LumiaError("internal_error", "Something went wrong inside Lumia.", { cause: error });
}

/**
 * Runs a handler and turns whatever it throws into the JSON error response. Unknown errors are logged,
 * never shown: their messages may carry internals.
 */
export async function respondWithErrors(handler: () => Promise<Response>): Promise<Response> {
  try {
    return await handler();
  } catch (error) {
    const lumiaError = asLumiaError(error);
    if (lumiaError.code === "internal_error") console.error("Unhandled error in route handler:", error);
    return lumiaError.toResponse();
  }
}
