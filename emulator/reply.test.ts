import { describe, expect, it } from "vitest";
import { buildReply } from "./reply";

const reply = (prompt: string, extra: Partial<Parameters<typeof buildReply>[0]> = {}) =>
  buildReply({ prompt, userTexts: [prompt], wantsJson: false, replyTokens: null, ...extra });

describe("buildReply", () => {
  it("picks the same passage for the same prompt", () => {
    expect(reply("What is fika?").join("")).toBe(reply("What is fika?").join(""));
  });

  it("varies the passage with the prompt", () => {
    const texts = new Set(["a", "b", "c", "d", "e", "f", "g", "h"].map((p) => reply(p).join("")));
    expect(texts.size).toBeGreaterThan(3);
  });

  it("cuts or repeats to exactly replyTokens", () => {
    expect(reply("x", { replyTokens: 3 })).toHaveLength(3);
    const long = reply("x", { replyTokens: 1000 });
    expect(long).toHaveLength(1000);
    expect(long.join("")).toContain(reply("x").join(""));
  });

  it("replies verbatim after 'say exactly:' and ignores replyTokens there", () => {
    expect(reply("Please SAY EXACTLY:  two words ", { replyTokens: 50 }).join("")).toBe("two words");
  });

  it("answers JSON requests with the facts of the user's messages", () => {
    const tokens = reply("I love hiking.", {
      wantsJson: true,
      userTexts: ["My name is Ada.", "I love hiking."],
    });
    expect(JSON.parse(tokens.join(""))).toEqual({
      facts: ["The user's name is Ada", "The user loves hiking"],
    });
    expect(JSON.parse(reply("Hello", { wantsJson: true }).join(""))).toEqual({ facts: [] });
  });
});
