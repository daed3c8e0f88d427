import { describe, expect, it } from "vitest";
import { buildReply, cutAtStop } from "./reply";

const reply = (prompt: string, extra: Partial<Parameters<typeof buildReply>[0]> = {}) =>
  buildReply({ prompt, userTexts: [prompt], format: undefined, replyTokens: null, ...extra });

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
      format: "json",
      userTexts: ["My name is Ada.", "I love hiking."],
    });
    expect(JSON.parse(tokens.join(""))).toEqual({
      facts: ["The user's name is Ada", "The user loves hiking"],
    });
    expect(JSON.parse(reply("Hello", { format: "json" }).join(""))).toEqual({ facts: [] });
  });

  it("answers a JSON schema format with a value valid against the schema", () => {
    const schema = {
      type: "object",
      properties: {
        name: { type: "string" },
        age: { type: "integer", minimum: 18 },
        tags: { type: "array", items: { type: "string", enum: ["a", "b"] }, minItems: 2 },
        address: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
      },
      required: ["name", "age", "tags", "address"],
    };
    expect(JSON.parse(reply("Who?", { format: schema }).join(""))).toEqual({
      name: "name example",
      age: 18,
      tags: ["a", "a"],
      address: { city: "city example" },
    });
  });
});

describe("cutAtStop", () => {
  it("ends before the first stop string, cutting inside a token when it must", () => {
    const tokens = ["Hello", " wor", "ld", ".", " Bye"];
    expect(cutAtStop({ tokens, stop: ["ld.", " B"] })).toEqual({ tokens: ["Hello", " wor"], stopped: true });
    expect(cutAtStop({ tokens, stop: ["orl"] })).toEqual({ tokens: ["Hello", " w"], stopped: true });
    expect(cutAtStop({ tokens, stop: ["zzz"] })).toEqual({ tokens, stopped: false });
  });
});
