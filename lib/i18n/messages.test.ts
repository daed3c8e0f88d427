import { describe, expect, it } from "vitest";
import { en, pickLocale, sv } from "./messages";

describe("UI languages", () => {
  it("picks Swedish for any sv locale, English otherwise", () => {
    expect(pickLocale(["sv-SE", "en-US"])).toBe("sv");
    expect(pickLocale(["sv"])).toBe("sv");
    expect(pickLocale(["en-GB", "sv-SE"])).toBe("en");
    expect(pickLocale(["de-DE", "sv-FI"])).toBe("sv");
    expect(pickLocale(["fr-FR"])).toBe("en");
    expect(pickLocale([])).toBe("en");
  });

  it("has every string in both languages", () => {
    expect(Object.keys(sv).sort()).toEqual(Object.keys(en).sort());
    for (const value of Object.values(sv)) expect(typeof value === "function" || value.length > 0).toBe(true);
  });
});
