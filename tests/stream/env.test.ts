import { describe, expect, it } from "vitest";
import { normalizeOllamaHost, parseOllamaHosts } from "@/lib/env";

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

  it("may list several hosts, each normalised as it would be alone", () => {
    expect(parseOllamaHosts("gpu1:11434, gpu2 ,https://gpu3.example.com/")).toEqual([
      "http://gpu1:11434",
      "http://gpu2:11434",
      "https://gpu3.example.com",
    ]);
  });

  it("one host is a list of one; empty entries and repeats are dropped; nothing is the default", () => {
    expect(parseOllamaHosts("http://127.0.0.1:11434")).toEqual(["http://127.0.0.1:11434"]);
    expect(parseOllamaHosts("gpu1,,gpu1:11434,")).toEqual(["http://gpu1:11434"]);
    expect(parseOllamaHosts(" , ")).toEqual(["http://127.0.0.1:11434"]);
  });
});
