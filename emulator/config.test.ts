import { describe, expect, it } from "vitest";
import { defaultConfig, mergeConfig } from "./config";

describe("mergeConfig", () => {
  it("changes only the keys given", () => {
    const merged = mergeConfig({ base: defaultConfig, patch: { tokenIntervalMs: 50, fault: "stall" } });
    expect(merged).toEqual({ ...defaultConfig, tokenIntervalMs: 50, fault: "stall" });
  });

  it("reads null fault as none and bare model names as llama-like models", () => {
    const merged = mergeConfig({ base: defaultConfig, patch: { fault: null, models: ["mistral:7b"] } });
    expect(merged.fault).toBe("none");
    expect(merged.models[0]).toMatchObject({
      name: "mistral:7b",
      family: "llama",
      capabilities: ["completion"],
    });
  });

  it("throws on unknown keys and bad values", () => {
    expect(() => mergeConfig({ base: defaultConfig, patch: { tokenInterval: 5 } })).toThrow();
    expect(() => mergeConfig({ base: defaultConfig, patch: { faultStatus: 200 } })).toThrow();
  });
});
