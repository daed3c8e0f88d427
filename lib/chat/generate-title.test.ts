import { describe, expect, it } from "vitest";
import { cleanTitle } from "./generate-title";

describe("cleanTitle", () => {
  it("keeps the first line of what the model said, without Markdown, quotes or a full stop", () => {
    expect(cleanTitle({ text: '"Planning a Picnic in Lund."' })).toBe("Planning a Picnic in Lund");
    expect(cleanTitle({ text: "## Why streaming feels faster\n\nWhen a model..." })).toBe(
      "Why streaming feels faster",
    );
    expect(cleanTitle({ text: "\n  Title: **Resumable streams**  " })).toBe("Resumable streams");
    expect(cleanTitle({ text: "«Svensk titel»" })).toBe("Svensk titel");
  });

  it("cuts long titles and gives nothing for an empty answer", () => {
    expect(cleanTitle({ text: "word ".repeat(40) }).length).toBeLessThanOrEqual(60);
    expect(cleanTitle({ text: "  \n " })).toBe("");
  });
});
