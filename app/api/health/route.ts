import { checkDatabase } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { probeOllama } from "@/lib/ollama/models";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * Lumia is up; `ok` says whether Ollama and the database answer too, and `ollama.error` /
 * `database.error` how to fix it when not.
 */
export async function GET(): Promise<Response> {
  const [probe, database] = await Promise.all([probeOllama(), checkDatabase()]);
  const ollama = { reachable: probe.reachable, version: probe.version, host: getEnv().ollamaHost };
  return Response.json(
    {
      ok: probe.reachable && database.ok,
      ollama: probe.error ? { ...ollama, error: probe.error } : ollama,
      database,
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}
