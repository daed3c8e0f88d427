import { describe, expect, it } from "vitest";
import { analyzeArrivals } from "./analyze-arrivals";
import type { MeasuredEvent } from "./types";

const chunk = (at: number, readIndex: number): MeasuredEvent => ({
  event: "message",
  data: { chunk: "x" },
  at,
  readIndex,
});

/** `n` chunks, `gapMs` apart from `startMs`, each read index given by `readOf(i)`. */
const chunks = ({
  n,
  gapMs,
  startMs = 100,
  readOf = (i: number) => i + 1,
}: {
  n: number;
  gapMs: number;
  startMs?: number;
  readOf?: (i: number) => number;
}) => Array.from({ length: n }, (_, i) => chunk(startMs + i * gapMs, readOf(i)));

describe("analyzeArrivals", () => {
  it("calls chunks that arrive one per read, 50 ms apart, real time", () => {
    const analysis = analyzeArrivals({ events: chunks({ n: 30, gapMs: 50 }) });
    expect(analysis).toEqual({
      firstChunkMs: 100,
      avgGapMs: 50,
      maxGapMs: 50,
      totalChunks: 30,
      readsWithChunks: 30,
      verdict: "real-time",
      reasons: [],
    });
  });

  it("calls all chunks in one read buffered, although their average gap is zero", () => {
    const analysis = analyzeArrivals({ events: chunks({ n: 30, gapMs: 0, startMs: 1500, readOf: () => 0 }) });
    expect(analysis).toMatchObject({ avgGapMs: 0, readsWithChunks: 1, verdict: "buffered" });
    expect(analysis.reasons).toEqual([
      "30 chunks arrived in 1 network reads (expected at least 15)",
      "30 of 30 chunks (100%) arrived in one network read",
    ]);
  });

  it("calls an average gap over 500 ms buffered, and exactly 500 ms real time", () => {
    expect(analyzeArrivals({ events: chunks({ n: 5, gapMs: 600 }) })).toMatchObject({
      avgGapMs: 600,
      verdict: "buffered",
      reasons: ["average gap 600 ms is over 500 ms"],
    });
    expect(analyzeArrivals({ events: chunks({ n: 5, gapMs: 500 }) }).verdict).toBe("real-time");
  });

  it("calls chunks bunched into fewer reads than half their number buffered", () => {
    // 10 chunks in 4 reads of 3, 3, 2, 2: no read holds the majority, but 4 < 5 reads.
    const readOf = (i: number) => [0, 0, 0, 1, 1, 1, 2, 2, 3, 3][i] ?? 0;
    const analysis = analyzeArrivals({ events: chunks({ n: 10, gapMs: 40, readOf }) });
    expect(analysis).toMatchObject({ readsWithChunks: 4, verdict: "buffered" });
    expect(analysis.reasons).toEqual(["10 chunks arrived in 4 network reads (expected at least 5)"]);
  });

  it("accepts exactly half as many reads as chunks", () => {
    const analysis = analyzeArrivals({
      events: chunks({ n: 10, gapMs: 40, readOf: (i) => Math.floor(i / 2) }),
    });
    expect(analysis).toMatchObject({ readsWithChunks: 5, verdict: "real-time" });
  });

  it("calls a burst holding most chunks buffered even when the rest trickled in", () => {
    const readOf = (i: number) => (i < 6 ? 0 : i);
    const analysis = analyzeArrivals({ events: chunks({ n: 10, gapMs: 40, readOf }) });
    expect(analysis).toMatchObject({ readsWithChunks: 5, verdict: "buffered" });
    expect(analysis.reasons).toEqual(["6 of 10 chunks (60%) arrived in one network read"]);
  });

  it("counts only the text chunks, not start, memory or done events", () => {
    const events: MeasuredEvent[] = [
      { event: "start", data: { start: true }, at: 5, readIndex: 0 },
      ...chunks({ n: 3, gapMs: 50 }),
      { event: "memory", data: { memory: [] }, at: 210, readIndex: 3 },
      { event: "done", data: { done: true }, at: 211, readIndex: 3 },
    ];
    expect(analyzeArrivals({ events })).toMatchObject({
      totalChunks: 3,
      firstChunkMs: 100,
      verdict: "real-time",
    });
  });

  it("measures the largest gap", () => {
    const events = [chunk(100, 1), chunk(150, 2), chunk(450, 3), chunk(500, 4)];
    expect(analyzeArrivals({ events })).toMatchObject({ maxGapMs: 300, avgGapMs: 400 / 3 });
  });

  it("calls a stream without chunks buffered: nothing was seen to stream", () => {
    const analysis = analyzeArrivals({ events: [] });
    expect(analysis).toMatchObject({ firstChunkMs: null, avgGapMs: 0, totalChunks: 0, verdict: "buffered" });
    expect(analysis.reasons).toEqual(["no text chunks arrived"]);
  });

  it("accepts a single chunk", () => {
    expect(analyzeArrivals({ events: [chunk(80, 1)] })).toMatchObject({ avgGapMs: 0, verdict: "real-time" });
  });

  it("takes another chunk format through isChunk", () => {
    const events: MeasuredEvent[] = [0, 1, 2].map((i) => ({
      event: "message",
      data: { type: "text-delta", id: "t", delta: "x" },
      at: 100 + i * 50,
      readIndex: i,
    }));
    const isChunk = (event: MeasuredEvent) => (event.data as { type?: string }).type === "text-delta";
    expect(analyzeArrivals({ events }).totalChunks).toBe(0);
    expect(analyzeArrivals({ events, isChunk })).toMatchObject({ totalChunks: 3, verdict: "real-time" });
  });
});
