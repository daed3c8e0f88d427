import { describe, expect, it } from "vitest";
import { steadyRssPerStreamKb } from "../../bench/proc-stats";

describe("steadyRssPerStreamKb", () => {
  it("is the median per-stream growth over the samples taken with nearly every stream open", () => {
    const samples = [
      { rssKb: 1_000, open: 0 },
      { rssKb: 40_000, open: 500 }, // ramping up: left out
      { rssKb: 31_000, open: 1000 }, // 30 KB per stream
      { rssKb: 99_000, open: 990 }, // a garbage spike: ~99 KB, outvoted by the median
      { rssKb: 36_000, open: 1000 }, // 35 KB
      { rssKb: 20_000, open: 100 }, // winding down: left out
    ];
    expect(steadyRssPerStreamKb({ samples, idleKb: 1_000 })).toBe(35);
  });

  it("is null when no stream was ever open", () => {
    expect(steadyRssPerStreamKb({ samples: [{ rssKb: 5, open: 0 }], idleKb: 1 })).toBeNull();
  });
});
