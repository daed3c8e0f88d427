import { describe, expect, it } from "vitest";
import { extractFacts } from "./facts";

describe("extractFacts", () => {
  it("rewrites the user's statements about themselves", () => {
    expect(
      extractFacts({
        texts: [
          "Hi! My name is Ada and I live in Oslo.",
          "I work at a bakery, and I prefer dark roast. I'm called Ada.",
          "Remember that my sister is called Eva!",
          "Please remember that I like jazz",
        ],
      }),
    ).toEqual([
      "The user's name is Ada",
      "The user lives in Oslo",
      "The user works at a bakery",
      "The user prefers dark roast",
      "The user's sister is called Eva",
      "The user likes jazz",
    ]);
  });

  it("skips assistant lines of a pasted transcript and finds nothing in small talk", () => {
    expect(extractFacts({ texts: ["User: my name is Bo\nAssistant: I love that name"] })).toEqual([
      "The user's name is Bo",
    ]);
    expect(extractFacts({ texts: ["How are you today?"] })).toEqual([]);
  });
});
