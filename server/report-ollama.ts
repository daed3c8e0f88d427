import { getEnv } from "@/lib/env";
import { probeOllama } from "@/lib/ollama/models";

/** Says at start-up, in plain words, whether Ollama answers and what to do when it does not. */
export async function reportOllama(): Promise<void> {
  const { ollamaHost, LUMIA_MODEL } = getEnv();
  const probe = await probeOllama();
  if (probe.reachable) {
    console.log(`Ollama ${probe.version} is reachable at ${ollamaHost}; default model: ${LUMIA_MODEL}.`);
    return;
  }
  console.warn(
    [
      `⚠️  Ollama is not reachable at ${ollamaHost}.`,
      "   Lumia is running, but chats will fail until Ollama answers. To fix it:",
      `   - start Ollama: \`ollama serve\` (and \`ollama pull ${LUMIA_MODEL}\` once),`,
      "   - or point Lumia at it: OLLAMA_HOST=http://host:11434 npm start,",
      "   - or try Lumia without Ollama: npm run demo.",
      "   Check at any time: GET /api/health",
    ].join("\n"),
  );
}
