import { getEnv } from "@/lib/env";
import { probeOllama } from "@/lib/ollama/models";

/**
 * Says at start-up, in plain words, whether Ollama answers and what to do when it does not; with several
 * hosts in OLLAMA_HOST, one line per host, and the warning only when none answers.
 */
export async function reportOllama(): Promise<void> {
  const { ollamaHosts, LUMIA_MODEL } = getEnv();
  const probes = await Promise.all(ollamaHosts.map((host) => probeOllama({ host })));
  const answering = probes.filter((probe) => probe.reachable).length;
  if (ollamaHosts.length > 1) {
    console.log(
      `Ollama hosts (${answering} of ${ollamaHosts.length} reachable; default model: ${LUMIA_MODEL}):`,
    );
    ollamaHosts.forEach((host, i) => {
      const probe = probes[i];
      console.log(`   ${host}: ${probe?.reachable ? `Ollama ${probe.version}` : "not reachable"}`);
    });
    if (answering > 0) return;
  } else if (probes[0]?.reachable) {
    console.log(
      `Ollama ${probes[0].version} is reachable at ${ollamaHosts[0]}; default model: ${LUMIA_MODEL}.`,
    );
    return;
  }
  console.warn(
    [
      `⚠️  Ollama is not reachable at ${ollamaHosts.join(", ")}.`,
      "   Lumia is running, but chats will fail until Ollama answers. To fix it:",
      `   - start Ollama: \`ollama serve\` (and \`ollama pull ${LUMIA_MODEL}\` once),`,
      "   - or point Lumia at it: OLLAMA_HOST=http://host:11434 npm start (several: a comma-separated list),",
      "   - or try Lumia without Ollama: npm run demo.",
      "   Check at any time: GET /api/health",
    ].join("\n"),
  );
}
