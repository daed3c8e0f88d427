import { describe, expect, it } from "vitest";
import { parseKeepAlive } from "./keep-alive";

describe("parseKeepAlive", () => {
  it.each([
    [undefined, 300_000],
    [30, 30_000],
    ["10s", 10_000],
    ["1h30m", 5_400_000],
    ["0", 0],
    [-1, Number.POSITIVE_INFINITY],
    ["-1m", Number.POSITIVE_INFINITY],
  ])("reads %j as %d ms", (value, ms) => {
    expect(parseKeepAlive({ value })).toBe(ms);
  });
});
