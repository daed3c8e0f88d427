// The seed's path. A real route, not a rewrite: rewrites have been seen to buffer SSE (next.js #45048).
export { OPTIONS, POST } from "@/app/api/chat/stream/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";
