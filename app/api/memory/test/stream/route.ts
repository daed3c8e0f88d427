import { testStreamQuerySchema } from "@/lib/chat/schemas";
import { startTestStream } from "@/lib/chat/test-stream";
import { respondWithErrors } from "@/lib/errors";
import { clientSignal } from "@/lib/http/client-signal";
import { preflightResponse, withCors } from "@/lib/http/cors";
import { validate } from "@/lib/http/parse-body";
import { seedFormat } from "@/lib/stream/seed-format";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** A synthetic stream at a known pace (`?chunks=N&interval_ms=M`) for testing the path to a client. */
export async function GET(request: Request): Promise<Response> {
  const response = await respondWithErrors(async () => {
    const url = new URL(request.url);
    const query = validate({ schema: testStreamQuerySchema, value: Object.fromEntries(url.searchParams) });
    return startTestStream({
      query,
      endpoint: url.pathname,
      signal: clientSignal(request),
      format: seedFormat,
    });
  });
  return withCors({ request, response });
}

export const POST = GET;

/** The CORS preflight of a browser page on an origin listed in LUMIA_CORS_ORIGINS. */
export function OPTIONS(request: Request): Response {
  return preflightResponse({ request });
}
