import { getEnv } from "@/lib/env";
import { probeOllama } from "@/lib/ollama/models";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Lumia is up; `ok` says whether Ollama answers too, and `ollama.error` how to fix it when not. */
export async function GET(): Promise<Response> {
  const probe = await probeOllama();
  const ollama = { reachable: probe.reachable, version: probe.version, host: getEnv().ollamaHost };
  return Response.json(
    { ok: probe.reachable, ollama: probe.error ? { ...ollama, error: probe.error } : ollama },
    { headers: { "Cache-Control": "no-store" } },
  );
}
