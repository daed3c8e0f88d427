import { describe, expect, it } from "vitest";
import { EventLog } from "@/lib/generation/event-log";
import type { StreamEvent } from "@/lib/stream/events";

/** Sends `events` into a log as a generation does: the text so far grows with each text event. */
function logOf(events: StreamEvent[]) {
  const log = new EventLog();
  let text = "";
  for (const event of events) {
    if (event.type === "text") text += event.text;
    log.push(event, text.length);
  }
  const replayed = (afterId: number) => {
    const seen: [StreamEvent, number][] = [];
    let asked = 0;
    log.replay({
      afterId,
      text: () => {
        asked++;
        return text;
      },
      visit: (event, id) => seen.push([event, id]),
    });
    return { seen, asked };
  };
  return { log, replayed };
}

const stats = {
  model: "m",
  first_chunk_ms: 1,
  avg_gap_ms: 1,
  max_gap_ms: 1,
  total_chunks: 3,
  total_ms: 3,
};

describe("EventLog", () => {
  it("replays exactly the events after any id, each with its own id and text", () => {
    const events: StreamEvent[] = [
      { type: "start", id: "a", model: "m" },
      { type: "memory", memories: [{ id: "x", content: "likes tea", score: 0.9 }], method: "keyword" },
      { type: "text", text: "Hej" },
      { type: "text", text: " på " },
      { type: "tool_calls", calls: [{ function: { name: "clock", arguments: {} } }] },
      { type: "text", text: "dig 👋" },
      { type: "done", stats },
    ];
    const { replayed } = logOf(events);
    for (let afterId = 0; afterId <= events.length; afterId++) {
      const expected = events.slice(afterId).map((event, i) => [event, afterId + i + 1]);
      expect(replayed(afterId).seen).toEqual(expected);
    }
  });

  it("asks for the answer's text once per replay, and not at all when no text event is replayed", () => {
    const text = Array.from({ length: 500 }, (_, i) => ({ type: "text", text: `t${i} ` }) as const);
    const { replayed } = logOf([{ type: "start", id: "a", model: "m" }, ...text, { type: "done", stats }]);
    expect(replayed(0).asked).toBe(1);
    expect(replayed(501).asked).toBe(0);
  });

  it("keeps every text event of a long answer, each replayed on its own with its id", () => {
    const chunks = Array.from({ length: 25_000 }, (_, i) => ({ type: "text", text: `${i},` }) as const);
    const { replayed } = logOf([{ type: "start", id: "a", model: "m" }, ...chunks]);
    const { seen } = replayed(3);
    expect(seen).toHaveLength(25_000 - 2);
    expect(seen[0]).toEqual([{ type: "text", text: "2," }, 4]);
    expect(seen.at(-1)).toEqual([{ type: "text", text: "24999," }, 25_001]);
  });

  it("keeps no object per text event (one number each)", () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (!gc) throw new Error("Run with --expose-gc (vitest.config.ts passes it).");
    gc();
    const before = process.memoryUsage().heapUsed;
    // 1,000 answers of 200 chunks, each event a fresh object with a fresh string, as Ollama's are.
    const logs: EventLog[] = [];
    for (let answer = 0; answer < 1_000; answer++) {
      const log = new EventLog();
      log.push({ type: "start", id: `a${answer}`, model: "m" }, 0);
      for (let chunk = 0; chunk < 200; chunk++)
        log.push({ type: "text", text: `w${answer}-${chunk} ` }, chunk * 8);
      logs.push(log);
    }
    gc();
    const perChunk = (process.memoryUsage().heapUsed - before) / 200_000;
    expect(logs).toHaveLength(1_000);
    // A number is 8 bytes (with the arrays' spare room, up to about 12); keeping the event and its
    // text costs about 80.
    expect(perChunk).toBeLessThan(24);
  });
});
