import { describe, expect, it } from "vitest";
import { readDirective } from "./directive";

describe("readDirective", () => {
  it("reads the overrides and takes the directive out of the text", () => {
    expect(readDirective({ text: 'Hello [[emu {"replyTokens":5,"fault":"drop"}]] there' })).toEqual({
      ok: true,
      text: "Hello  there",
      overrides: { replyTokens: 5, fault: "drop" },
    });
  });

  it("leaves text without a directive alone", () => {
    expect(readDirective({ text: "Just [[a]] chat" })).toEqual({
      ok: true,
      text: "Just [[a]] chat",
      overrides: {},
    });
  });

  it("rejects bad JSON, unknown keys and keys a request may not override", () => {
    for (const text of ["[[emu {nope}]]", '[[emu {"tokenInterval":1}]]', '[[emu {"models":[]}]]']) {
      expect(readDirective({ text }).ok, text).toBe(false);
    }
  });
});
