// The seed-style path. A real route, not a rewrite: rewrites have been seen to buffer SSE (next.js #45048).
export { GET } from "@/app/api/threads/[id]/messages/[messageId]/stream/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";
