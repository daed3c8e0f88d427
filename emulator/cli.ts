import { parseArgs } from "node:util";
import type { EmulatorConfigPatch } from "./config";
import { startEmulator } from "./server";

// `npm run emulator -- --port 11434 --interval-ms 50 --stamp`. Numbers are checked by the config schema.
const { values } = parseArgs({
  options: {
    port: { type: "string", default: "11434" },
    host: { type: "string", default: "127.0.0.1" },
    "interval-ms": { type: "string" },
    "first-token-ms": { type: "string" },
    tokens: { type: "string" },
    "load-ms": { type: "string" },
    stamp: { type: "boolean" },
    "one-shot": { type: "boolean" },
    config: { type: "string" },
  },
});

const number = (value: string | undefined) => (value === undefined ? undefined : Number(value));
const config: EmulatorConfigPatch = {
  ...(values.config ? (JSON.parse(values.config) as EmulatorConfigPatch) : {}),
  ...(values["interval-ms"] !== undefined && { tokenIntervalMs: number(values["interval-ms"]) }),
  ...(values["first-token-ms"] !== undefined && { firstTokenDelayMs: number(values["first-token-ms"]) }),
  ...(values.tokens !== undefined && { replyTokens: number(values.tokens) }),
  ...(values["load-ms"] !== undefined && { loadMs: number(values["load-ms"]) }),
  ...(values.stamp && { stampTokens: true }),
  ...(values["one-shot"] && { oneShot: true }),
};

const emulator = await startEmulator({ port: Number(values.port), host: values.host, config });
// Exactly one line on stdout: tests and scripts wait for it to learn the port.
process.stdout.write(`Ollama emulator listening on ${emulator.url}\n`);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  emulator.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
