import { describe, expect, it } from "vitest";
import { sameModel, taggedModel } from "./model-names";

describe("model names", () => {
  it("a name without a tag is the :latest one, as Ollama lists it", () => {
    expect(taggedModel("llama3.2")).toBe("llama3.2:latest");
    expect(taggedModel("qwen2.5:0.5b")).toBe("qwen2.5:0.5b");
    expect(sameModel("llama3.2", "Llama3.2:latest")).toBe(true);
    expect(sameModel("llama3.2", "llama3.2:1b")).toBe(false);
  });
});
