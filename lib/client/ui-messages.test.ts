import { describe, expect, it } from "vitest";
import type { Message } from "@/lib/db/types";
import { answerState, memoriesUsed, messageText, toUIMessage } from "./ui-messages";

const stored = (over: Partial<Message>): Message => ({
  id: "m1",
  threadId: "t1",
  seq: 2,
  role: "assistant",
  content: "Hello **there**",
  status: "complete",
  model: "llama3.2",
  stats: null,
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
  ...over,
});

describe("stored messages in the UI", () => {
  it("carries text, memories used and stats", () => {
    const memories = {
      memories: [{ id: "x", content: "Likes tea", score: 0.8 }],
      method: "keyword" as const,
    };
    const message = toUIMessage(stored({ stats: { total_ms: 10, memories } }));
    expect(messageText(message)).toBe("Hello **there**");
    expect(memoriesUsed(message)).toEqual(memories);
    expect(message.metadata?.stats?.total_ms).toBe(10);
  });

  it("maps statuses to data-state", () => {
    const state = (over: Partial<Message>) =>
      answerState({ message: toUIMessage(stored(over)), live: false });
    expect(state({})).toBe("done");
    expect(state({ status: "interrupted" })).toBe("interrupted");
    expect(state({ status: "error" })).toBe("error");
    expect(state({ stats: { error: { error: "boom", code: "ollama_error" } } })).toBe("error");
    // Stored as streaming: still being written on the server (this page reconnects to it).
    expect(state({ status: "streaming" })).toBe("streaming");
    expect(answerState({ message: toUIMessage(stored({})), live: true })).toBe("streaming");
  });
});
