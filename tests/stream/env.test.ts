import { describe, expect, it } from "vitest";
import { normalizeOllamaHost } from "@/lib/env";

describe("OLLAMA_HOST", () => {
  it("accepts the forms Ollama's CLI accepts", () => {
    expect(normalizeOllamaHost("http://127.0.0.1:11434")).toBe("http://127.0.0.1:11434");
    expect(normalizeOllamaHost("http://gpu-box:11434/")).toBe("http://gpu-box:11434");
    expect(normalizeOllamaHost("gpu-box")).toBe("http://gpu-box:11434");
    expect(normalizeOllamaHost("gpu-box:8080")).toBe("http://gpu-box:8080");
    expect(normalizeOllamaHost(":11500")).toBe("http://127.0.0.1:11500");
    expect(normalizeOllamaHost("0.0.0.0")).toBe("http://127.0.0.1:11434");
    expect(normalizeOllamaHost("https://ollama.example.com")).toBe("https://ollama.example.com");
  });
});
