import { describe, expect, it } from "vitest";
import { type ChunkArrival, describeArrivalPattern } from "./arrival-pattern";

/** Chunks delivered in reads at `times`, `counts[i]` chunks in read i. */
const reads = (times: number[], counts: number[]): ChunkArrival[] =>
  times.flatMap((at, readIndex) => Array.from({ length: counts[readIndex] ?? 0 }, () => ({ at, readIndex })));

describe("describeArrivalPattern", () => {
  it("sees 40 chunks in one read at the end as one read", () => {
    expect(describeArrivalPattern({ chunks: reads([2010], [40]) })).toEqual({
      kind: "one-read",
      chunks: 40,
      totalChunks: 40,
      atMs: 2010,
    });
  });

  it("sees HAProxy's default (measured: about 5 chunks every 250 ms, 9 reads) as fixed-interval batches", () => {
    const times = [285, 540, 788, 1040, 1289, 1540, 1788, 2037, 2084];
    const pattern = describeArrivalPattern({ chunks: reads(times, [5, 5, 5, 5, 5, 5, 5, 4, 1]) });
    expect(pattern).toMatchObject({ kind: "batches", batches: 9, totalChunks: 40 });
    expect(pattern.kind === "batches" && pattern.everyMs).toBeCloseTo(250, -1);
  });

  it("calls one chunk per read spread, at any pace", () => {
    const fast = Array.from({ length: 40 }, (_, i) => ({ at: 60 + i * 50, readIndex: i }));
    const slow = Array.from({ length: 10 }, (_, i) => ({ at: 300 + i * 300, readIndex: i }));
    expect(describeArrivalPattern({ chunks: fast })).toEqual({ kind: "spread" });
    expect(describeArrivalPattern({ chunks: slow })).toEqual({ kind: "spread" });
  });

  it("does not call irregular merges of a busy machine batches", () => {
    // Pairs merged now and then, 50-130 ms apart: TCP and timers, not a proxy's timer.
    const times = [60, 110, 240, 290, 340, 470, 520, 570, 700, 750];
    expect(describeArrivalPattern({ chunks: reads(times, [1, 2, 1, 1, 2, 1, 1, 2, 1, 1]) })).toEqual({
      kind: "spread",
    });
  });

  it("does not call batches that come faster than 100 ms apart a timer", () => {
    const times = Array.from({ length: 10 }, (_, i) => 50 + i * 60);
    expect(describeArrivalPattern({ chunks: reads(times, Array(10).fill(3)) })).toEqual({ kind: "spread" });
  });

  it("needs 80% of the chunks in one read for one-read: a stall halfway through is not", () => {
    const times = [100, 150, 200, 250, 300, 350, 400, 450, 500, 550, 2400];
    const chunks = reads(times, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 10]);
    expect(describeArrivalPattern({ chunks })).toEqual({ kind: "spread" });
  });

  it("says none without chunks and spread for a handful", () => {
    expect(describeArrivalPattern({ chunks: [] })).toEqual({ kind: "none" });
    expect(describeArrivalPattern({ chunks: reads([900], [4]) })).toEqual({ kind: "spread" });
  });
});
