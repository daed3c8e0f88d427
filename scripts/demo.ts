/**
 * `npm run demo`: Lumia against the built-in Ollama emulator, for trying it without Ollama. The emulator
 * answers with readable markdown at a realistic pace; the demo keeps its own database (data/demo.db).
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { startEmulator } from "@/emulator/server";

const dir = path.resolve(import.meta.dirname, "..");
const emulatorPort = Number(process.env.LUMIA_DEMO_OLLAMA_PORT ?? 11435);

const emulator = await startEmulator({
  port: emulatorPort,
  config: { tokenIntervalMs: 35, firstTokenDelayMs: 250 },
});
console.log(`Demo: Ollama emulator on ${emulator.url} (models: llama3.2, qwen2.5:0.5b, nomic-embed-text)`);

const app = spawn(process.execPath, [path.join(dir, "scripts", "start.mjs")], {
  cwd: dir,
  stdio: "inherit",
  env: {
    ...process.env,
    OLLAMA_HOST: emulator.url,
    DATABASE_URL: process.env.DATABASE_URL ?? "file:./data/demo.db",
  },
});

const stop = async () => {
  app.kill("SIGTERM");
  await emulator.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
app.on("exit", async (code) => {
  await emulator.close();
  process.exit(code ?? 0);
});
