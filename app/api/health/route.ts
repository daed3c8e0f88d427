import { checkDatabase } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { probeOllama } from "@/lib/ollama/models";
import { isLocalRequest } from "@/lib/security/request-guard";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * Lumia is up; `ok` says whether Ollama and the database answer too. To a client on this machine it
 * also says where Ollama is, its version, and how to fix what fails (`ollama.error`, `database.error`).
 */
export async function GET(request: Request): Promise<Response> {
  const [probe, database] = await Promise.all([probeOllama(), checkDatabase()]);
  const ok = probe.reachable && database.ok;
  const noStore = { headers: { "Cache-Control": "no-store" } };
  // Where Ollama runs, its version and the errors' details are for the person at this machine only.
  if (!isLocalRequest(request)) {
    return Response.json(
      { ok, ollama: { reachable: probe.reachable }, database: { ok: database.ok } },
      noStore,
    );
  }
  const ollama = { reachable: probe.reachable, version: probe.version, host: getEnv().ollamaHost };
  return Response.json(
    { ok, ollama: probe.error ? { ...ollama, error: probe.error } : ollama, database },
    noStore,
  );
}
