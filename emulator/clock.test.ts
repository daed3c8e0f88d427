import { describe, expect, it } from "vitest";
import { rfc3339Nano, toNanos } from "./clock";

describe("rfc3339Nano", () => {
  it("formats like Go: UTC, up to nine fraction digits, trailing zeros trimmed", () => {
    const at = Date.UTC(2025, 6, 7, 20, 22, 19, 184) + 0.789123;
    // A double holds an epoch in ms to about 0.2 µs, so the digits after the microseconds are noise.
    expect(rfc3339Nano({ at })).toMatch(/^2025-07-07T20:22:19\.184789\d{0,3}Z$/);
    expect(rfc3339Nano({ at: Date.UTC(2025, 6, 7, 20, 22, 19, 500) })).toBe("2025-07-07T20:22:19.5Z");
    expect(rfc3339Nano({ at: Date.UTC(2025, 6, 7, 20, 22, 20) })).toBe("2025-07-07T20:22:20Z");
  });

  it("tracks the current time", () => {
    expect(Math.abs(Date.parse(rfc3339Nano()) - Date.now())).toBeLessThan(50);
  });
});

describe("toNanos", () => {
  it("gives integer nanoseconds", () => {
    expect(toNanos({ ms: 1.5 })).toBe(1_500_000);
    expect(toNanos({ ms: 0.0000004 })).toBe(0);
  });
});
