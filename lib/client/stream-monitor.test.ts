import { describe, expect, it } from "vitest";
import { createStreamMonitor } from "./stream-monitor";

function clock() {
  let now = 1000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe("createStreamMonitor", () => {
  it("measures first chunk, gaps and rate from arrival times", () => {
    const time = clock();
    const monitor = createStreamMonitor({ now: time.now });
    monitor.begin();
    time.advance(200);
    monitor.recordChunk();
    for (const gap of [30, 30, 90]) {
      time.advance(gap);
      monitor.recordChunk();
    }
    const stats = monitor.snapshot();
    expect(stats.phase).toBe("streaming");
    expect(stats.firstChunkMs).toBe(200);
    expect(stats.chunks).toBe(4);
    expect(stats.gaps).toEqual([30, 30, 90]);
    expect(stats.avgGapMs).toBe(50);
    expect(stats.maxGapMs).toBe(90);
    expect(stats.tokensPerSecond).toBeCloseTo(3000 / 150);
  });

  it("tells waiting, stalled (2 s without a chunk) and ended apart", () => {
    const time = clock();
    const monitor = createStreamMonitor({ now: time.now, stallMs: 2000 });
    monitor.begin();
    expect(monitor.snapshot().phase).toBe("waiting");
    time.advance(100);
    monitor.recordChunk();
    time.advance(1999);
    expect(monitor.snapshot().phase).toBe("streaming");
    time.advance(1);
    expect(monitor.snapshot().phase).toBe("stalled");
    expect(monitor.snapshot().sinceLastMs).toBe(2000);
    monitor.end();
    time.advance(5000);
    const ended = monitor.snapshot();
    expect(ended.phase).toBe("ended");
    expect(ended.elapsedMs).toBe(2100);
  });

  it("notifies listeners on every event and starts afresh on begin", () => {
    const monitor = createStreamMonitor();
    let calls = 0;
    const unsubscribe = monitor.subscribe(() => calls++);
    monitor.begin();
    monitor.setMessageId("m1");
    monitor.recordChunk();
    monitor.end();
    monitor.end();
    expect(calls).toBe(4);
    unsubscribe();
    monitor.begin();
    expect(calls).toBe(4);
    expect(monitor.snapshot()).toMatchObject({ chunks: 0, messageId: null, phase: "waiting" });
  });
});
