import { asLumiaError, LumiaError } from "@/lib/errors";
import { preflightResponse, withCors } from "@/lib/http/cors";
import { openAiErrorResponse } from "@/lib/openai/errors";

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof METHODS)[number];

/** The second argument Next hands a route handler. */
export interface RouteContext<Params> {
  params: Promise<Params>;
}

/** What one method of an OpenAI route does; it may throw LumiaErrors. */
export type OpenAiHandler<Params> = (args: { request: Request; params: Params }) => Promise<Response>;

type NextHandler<Params> = (request: Request, context: RouteContext<Params>) => Promise<Response>;

/**
 * Every method of an `/v1` route, ready to export: the given handlers with OpenAI-shaped errors and the
 * CORS headers of LUMIA_CORS_ORIGINS, a preflight for `OPTIONS`, and a JSON 405 naming the allowed
 * methods for the rest (Next's own 405 is an empty body the SDKs cannot read).
 * `export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = openAiRoute({ handlers: { POST } })`.
 */
export function openAiRoute<Params = Record<string, never>>({
  handlers,
}: {
  handlers: Partial<Record<Exclude<Method, "HEAD">, OpenAiHandler<Params>>>;
}): Record<Method | "OPTIONS", NextHandler<Params>> {
  const implemented = { ...handlers, ...(handlers.GET ? { HEAD: handlers.GET } : {}) } as Partial<
    Record<Method, OpenAiHandler<Params>>
  >;
  const allow = [...METHODS.filter((method) => implemented[method]), "OPTIONS"].join(", ");
  const route = {} as Record<Method | "OPTIONS", NextHandler<Params>>;
  for (const method of METHODS) {
    const handler = implemented[method];
    route[method] = (request, context) =>
      respond({
        request,
        run: async () => {
          if (!handler) throw methodNotAllowed({ method, allow });
          return handler({ request, params: await context.params });
        },
        headers: handler ? undefined : { Allow: allow },
      });
  }
  route.OPTIONS = async (request) =>
    request.headers.has("access-control-request-method")
      ? preflightResponse({ request })
      : withCors({ request, response: new Response(null, { status: 204, headers: { Allow: allow } }) });
  return route;
}

/** Runs a handler: what it throws becomes OpenAI's error object; the answer gets its CORS headers. */
async function respond({
  request,
  run,
  headers,
}: {
  request: Request;
  run: () => Promise<Response>;
  headers?: Record<string, string>;
}): Promise<Response> {
  let response: Response;
  try {
    response = await run();
  } catch (error) {
    const lumiaError = asLumiaError(error);
    if (lumiaError.code === "internal_error") console.error("Unhandled error in an /v1 route:", error);
    response = openAiErrorResponse({ error: lumiaError, headers });
  }
  return withCors({ request, response });
}

function methodNotAllowed({ method, allow }: { method: string; allow: string }): LumiaError {
  return new LumiaError("method_not_allowed", `${method} is not allowed here; use ${allow}.`);
}
