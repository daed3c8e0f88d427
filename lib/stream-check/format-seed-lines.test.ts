import { describe, expect, it } from "vitest";
import { formatSeedLines } from "./format-seed-lines";

describe("formatSeedLines", () => {
  it("prints the seed's three monitoring lines in seconds with three decimals", () => {
    expect(formatSeedLines({ firstChunkMs: 57.0981, avgGapMs: 50.0221, totalChunks: 30 })).toEqual([
      "⚡ First chunk received after: 0.057s",
      "📊 Average time between chunks: 0.050s",
      "📊 Total chunks: 30",
    ]);
  });

  it("rounds to the nearest millisecond", () => {
    const [first, average] = formatSeedLines({ firstChunkMs: 1234.5678, avgGapMs: 612.4, totalChunks: 2 });
    expect(first).toBe("⚡ First chunk received after: 1.235s");
    expect(average).toBe("📊 Average time between chunks: 0.612s");
  });

  it("says none when no chunk arrived", () => {
    expect(formatSeedLines({ firstChunkMs: null, avgGapMs: 0, totalChunks: 0 })).toEqual([
      "⚡ First chunk received after: none",
      "📊 Average time between chunks: 0.000s",
      "📊 Total chunks: 0",
    ]);
  });
});
