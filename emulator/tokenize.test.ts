import { describe, expect, it } from "vitest";
import { passages } from "./passages";
import { tokenize } from "./tokenize";

describe("tokenize", () => {
  it("splits like an LLM: words keep their leading space, punctuation and newlines stand alone", () => {
    expect(tokenize({ text: "Hello, world!\n\n- **Hej** då 👋" })).toEqual([
      "Hello",
      ",",
      " world",
      "!",
      "\n",
      "\n",
      "-",
      " *",
      "*",
      "Hej",
      "*",
      "*",
      " då",
      " 👋",
    ]);
  });

  it("gives back every passage exactly when joined, each 80 to 250 tokens long", () => {
    for (const text of passages) {
      const tokens = tokenize({ text });
      expect(tokens.join("")).toBe(text);
      expect(tokens.length).toBeGreaterThanOrEqual(80);
      expect(tokens.length).toBeLessThanOrEqual(250);
    }
  });

  it("keeps indentation and odd whitespace", () => {
    const text = "def f():\n    return 1\t# one\r\n";
    expect(tokenize({ text }).join("")).toBe(text);
  });
});
