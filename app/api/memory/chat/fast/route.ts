import { startFastChat } from "@/lib/chat/fast-chat";
import { messageOnlySchema } from "@/lib/chat/schemas";
import { respondWithErrors } from "@/lib/errors";
import { parseJsonBody } from "@/lib/http/parse-body";
import { seedFormat } from "@/lib/stream/seed-format";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** The lowest-latency chat: no memory, no history, nothing stored. */
export function POST(request: Request): Promise<Response> {
  return respondWithErrors(async () => {
    const input = await parseJsonBody({ request, schema: messageOnlySchema });
    const endpoint = new URL(request.url).pathname;
    return startFastChat({ input, endpoint, signal: request.signal, format: seedFormat });
  });
}
