import { LumiaError } from "@/lib/errors";
import { type OpenAiHandler, openAiRoute } from "@/lib/openai/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Any path under /v1 that no route serves: OpenAI's JSON 404, never Next's HTML page. */
const unknownPath: OpenAiHandler<{ path?: string[] }> = async ({ request }) => {
  const { pathname } = new URL(request.url);
  throw new LumiaError(
    "not_found",
    `There is no ${request.method} ${pathname} in Lumia's OpenAI-compatible API.`,
  );
};

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = openAiRoute<{ path?: string[] }>({
  handlers: {
    GET: unknownPath,
    POST: unknownPath,
    PUT: unknownPath,
    PATCH: unknownPath,
    DELETE: unknownPath,
  },
});
