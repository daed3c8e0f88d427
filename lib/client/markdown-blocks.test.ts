import { describe, expect, it } from "vitest";
import { splitMarkdownBlocks } from "./markdown-blocks";

describe("splitMarkdownBlocks", () => {
  it("splits at blank lines", () => {
    expect(splitMarkdownBlocks("# Title\n\nA paragraph\nstill it\n\n- a\n- b")).toEqual([
      "# Title",
      "A paragraph\nstill it",
      "- a\n- b",
    ]);
  });

  it("keeps blank lines inside fenced code, also while the fence is still open", () => {
    const code = "```ts\nconst a = 1;\n\nconst b = 2;\n```";
    expect(splitMarkdownBlocks(`Intro\n\n${code}\n\nAfter`)).toEqual(["Intro", code, "After"]);
    expect(splitMarkdownBlocks("```py\nx = 1\n\ny")).toEqual(["```py\nx = 1\n\ny"]);
  });

  it("only closes a fence with the same marker, at least as long", () => {
    const text = "````md\n```\n\ninner\n````\n\nend";
    expect(splitMarkdownBlocks(text)).toEqual(["````md\n```\n\ninner\n````", "end"]);
  });

  it("gives growing text the same earlier blocks", () => {
    const before = splitMarkdownBlocks("One\n\nTw");
    const after = splitMarkdownBlocks("One\n\nTwo and more");
    expect(after[0]).toBe(before[0]);
  });
});
