import { describe, expect, it } from "vitest";
import { encodeSeedEvent, seedFormat } from "@/lib/stream/seed-format";

describe("the seed SSE format", () => {
  it("writes one unnamed data event per text chunk, exactly as the seed does", () => {
    expect(encodeSeedEvent({ type: "text", text: "Hej" })).toBe('data: {"chunk":"Hej"}\n\n');
  });

  it("keeps newlines and non-ASCII text inside one data line", () => {
    const frame = encodeSeedEvent({ type: "text", text: "rad 1\nrad 2 – å ä ö 🚀" });
    expect(frame).toBe('data: {"chunk":"rad 1\\nrad 2 – å ä ö 🚀"}\n\n');
    expect(frame.trimEnd().split("\n")).toHaveLength(1);
  });

  it("names the start, memory, done and error events", () => {
    expect(encodeSeedEvent({ type: "start", id: "abc", model: "llama3.2" })).toBe(
      'event: start\ndata: {"start":true,"model":"llama3.2","id":"abc"}\n\n',
    );
    expect(
      encodeSeedEvent({
        type: "memory",
        memories: [{ id: "m1", content: "Likes tea", score: 0.9 }],
        method: "keyword",
      }),
    ).toBe(
      'event: memory\ndata: {"memories":[{"id":"m1","content":"Likes tea","score":0.9}],"method":"keyword"}\n\n',
    );
    const stats = {
      model: "m",
      first_chunk_ms: 1,
      avg_gap_ms: 2,
      max_gap_ms: 3,
      total_chunks: 4,
      total_ms: 5,
    };
    expect(encodeSeedEvent({ type: "done", stats })).toBe(
      `event: done\ndata: {"done":true,"stats":${JSON.stringify(stats)}}\n\n`,
    );
    expect(encodeSeedEvent({ type: "error", error: { error: "Ollama failed", code: "ollama_error" } })).toBe(
      'event: error\ndata: {"error":"Ollama failed","code":"ollama_error"}\n\n',
    );
  });

  it("sends the seed's headers and a comment as heartbeat", () => {
    expect(seedFormat.headers).toEqual({
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    });
    expect(seedFormat.create().heartbeat()).toBe(": keep-alive\n\n");
  });
});
