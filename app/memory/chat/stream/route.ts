// The seed's path, served by the same handler as its /api twin (no rewrite: rewrites can buffer SSE).
export { OPTIONS, POST } from "@/app/api/memory/chat/stream/route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";
