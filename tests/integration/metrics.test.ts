import http from "node:http";
import { describe, expect, it } from "vitest";
import { measureStream } from "@/lib/stream-check/measure-stream";
import type { AppServer } from "../helpers/app-server";
import type { EmulatorProcess } from "../helpers/emulator-process";
import { withLumiaStack } from "../helpers/lumia-stack";

let emulator: EmulatorProcess;
let app: AppServer;

withLumiaStack({
  emulator: { tokenIntervalMs: 20, firstTokenDelayMs: 30, replyTokens: 10 },
  ready: (stack) => ({ emulator, app } = stack),
});

async function metrics(): Promise<string> {
  const response = await fetch(`${app.url}/api/metrics`);
  expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
  return response.text();
}

/** The value of one sample, e.g. `lumia_streams_total{endpoint="/chat/stream",...}`; 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string>): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`)) continue;
    const labelText = line.slice(name.length + 1, line.lastIndexOf("}"));
    if (wanted.every((pair) => labelText.split(",").includes(pair))) return Number(line.split(" ").at(-1));
  }
  return 0;
}

const chat = { endpoint: "/chat/stream", model: "llama3.2" };

describe("GET /api/metrics", () => {
  it("counts a finished stream: outcome, first chunk, gaps, duration and tokens/s", async () => {
    const before = await metrics();
    await measureStream({ url: `${app.url}/chat/stream`, body: { message: "Count me" } });
    const after = await metrics();
    const delta = (name: string, labels: Record<string, string>) =>
      sample(after, name, labels) - sample(before, name, labels);
    expect(delta("lumia_streams_total", { ...chat, outcome: "done" })).toBe(1);
    expect(delta("lumia_stream_first_chunk_seconds_count", chat)).toBe(1);
    expect(delta("lumia_stream_chunk_gap_seconds_count", chat)).toBe(9);
    expect(delta("lumia_stream_chunk_gap_seconds_bucket", { ...chat, le: "0.05" })).toBe(9);
    expect(delta("lumia_stream_duration_seconds_count", chat)).toBe(1);
    expect(delta("lumia_ollama_tokens_per_second_count", { model: "llama3.2" })).toBe(1);
    expect(after).toContain("lumia_process_resident_memory_bytes");
    // One process (the tests' LUMIA_WORKERS=1): its own figures, and it says so.
    expect(after).toMatch(/^lumia_metrics_processes 1$/m);
  });

  it("shows a stream as active while it runs, and counts it as aborted when the client leaves", async () => {
    const before = await metrics();
    const request = http.request(`${app.url}/chat/stream`, {
      method: "POST",
      headers: { "content-type": "application/json" },
    });
    await new Promise<void>((resolve) => {
      request.on("response", (response) => response.once("data", () => resolve()));
      request.end(JSON.stringify({ message: 'Long [[emu {"replyTokens":500}]]' }));
    });
    expect(sample(await metrics(), "lumia_streams_active", { endpoint: "/chat/stream" })).toBe(1);
    request.destroy();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const after = await metrics();
    expect(sample(after, "lumia_streams_active", { endpoint: "/chat/stream" })).toBe(0);
    expect(
      sample(after, "lumia_streams_total", { ...chat, outcome: "aborted" }) -
        sample(before, "lumia_streams_total", { ...chat, outcome: "aborted" }),
    ).toBe(1);
  });

  it("counts a stream that failed as an error", async () => {
    const before = await metrics();
    await measureStream({
      url: `${app.url}/chat/stream`,
      body: { message: 'Fail [[emu {"fault":"error-mid","faultAfterTokens":2}]]' },
    });
    const after = await metrics();
    expect(
      sample(after, "lumia_streams_total", { ...chat, outcome: "error" }) -
        sample(before, "lumia_streams_total", { ...chat, outcome: "error" }),
    ).toBe(1);
  });
});
