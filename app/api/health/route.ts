import { checkDatabase } from "@/lib/db/client";
import { ollamaHealth } from "@/lib/ollama/host-health";
import { isLocalRequest } from "@/lib/security/request-guard";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * Lumia is up; `ok` says whether Ollama (some host of OLLAMA_HOST) and the database answer too. To a
 * client on this machine it also says where Ollama is, its version, every host when there are several,
 * and how to fix what fails (`ollama.error`, `database.error`).
 */
export async function GET(request: Request): Promise<Response> {
  const [ollama, database] = await Promise.all([ollamaHealth(), checkDatabase()]);
  const ok = ollama.reachable && database.ok;
  const noStore = { headers: { "Cache-Control": "no-store" } };
  // Where Ollama runs, its version and the errors' details are for the person at this machine only.
  if (!isLocalRequest(request)) {
    return Response.json(
      { ok, ollama: { reachable: ollama.reachable }, database: { ok: database.ok } },
      noStore,
    );
  }
  return Response.json({ ok, ollama, database }, noStore);
}
