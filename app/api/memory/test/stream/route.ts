import { testStreamQuerySchema } from "@/lib/chat/schemas";
import { startTestStream } from "@/lib/chat/test-stream";
import { respondWithErrors } from "@/lib/errors";
import { validate } from "@/lib/http/parse-body";
import { seedFormat } from "@/lib/stream/seed-format";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** A synthetic stream at a known pace (`?chunks=N&interval_ms=M`) for testing the path to a client. */
export function GET(request: Request): Promise<Response> {
  return respondWithErrors(async () => {
    const url = new URL(request.url);
    const query = validate({ schema: testStreamQuerySchema, value: Object.fromEntries(url.searchParams) });
    return startTestStream({ query, endpoint: url.pathname, signal: request.signal, format: seedFormat });
  });
}

export const POST = GET;
