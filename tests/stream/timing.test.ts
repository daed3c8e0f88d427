import { describe, expect, it } from "vitest";
import { StreamTimer } from "@/lib/stream/timing";

describe("StreamTimer", () => {
  it("computes first chunk, average and largest gap from arrival times", () => {
    const timer = new StreamTimer(1000);
    expect(timer.chunk(1150)).toBe(0);
    expect(timer.chunk(1200)).toBe(50);
    expect(timer.chunk(1300)).toBe(100);
    expect(timer.stats({ model: "m", at: 1400 })).toEqual({
      model: "m",
      first_chunk_ms: 150,
      avg_gap_ms: 75,
      max_gap_ms: 100,
      total_chunks: 3,
      total_ms: 400,
    });
  });

  it("reports no gaps for an answer without chunks", () => {
    const stats = new StreamTimer(0).stats({ model: "m", at: 10 });
    expect(stats).toMatchObject({
      first_chunk_ms: null,
      avg_gap_ms: null,
      max_gap_ms: null,
      total_chunks: 0,
    });
  });

  it("adds Ollama's figures: tokens per second from eval_count and eval_duration", () => {
    const timer = new StreamTimer(0);
    timer.chunk(10);
    const stats = timer.stats({
      model: "m",
      at: 20,
      metrics: {
        eval_count: 282,
        eval_duration: 4_535_599_000,
        prompt_eval_count: 26,
        prompt_eval_duration: 342_546_000,
        load_duration: 1_334_875,
        done_reason: "stop",
      },
    });
    expect(stats.tokens_per_second).toBeCloseTo(62.17, 2);
    expect(stats).toMatchObject({
      eval_count: 282,
      prompt_eval_count: 26,
      prompt_eval_ms: 342.5,
      load_ms: 1.3,
      eval_ms: 4535.6,
      done_reason: "stop",
    });
  });
});
