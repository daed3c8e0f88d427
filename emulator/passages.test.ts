import { describe, expect, it } from "vitest";
import { passages } from "./passages";

describe("passages", () => {
  it("cover the markdown a chat UI must render", () => {
    const all = passages.join("\n");
    expect(passages.length).toBeGreaterThanOrEqual(8);
    expect(all).toMatch(/^#{2,3} /m);
    expect(all).toMatch(/^- /m);
    expect(all).toMatch(/^1\. /m);
    expect(all).toMatch(/\*\*\w/);
    expect(all).toContain("```ts");
    expect(all).toContain("```python");
    expect(all).toMatch(/^\| --- \|/m);
    expect(all).toMatch(/[åäö]/);
    expect(all).toMatch(/\p{Extended_Pictographic}/u);
  });
});
