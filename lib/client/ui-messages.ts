import type { Message } from "@/lib/db/types";
import type { AnswerState, AnswerStats, LumiaUIMessage, MemoriesUsed } from "./types";

/** A stored message as useChat holds it: its text part, the memories it used, its status and stats. */
export function toUIMessage(message: Message): LumiaUIMessage {
  const stats = (message.stats ?? null) as AnswerStats | null;
  const parts: LumiaUIMessage["parts"] = [];
  if (stats?.memories) parts.push({ type: "data-memories", id: "memories", data: stats.memories });
  parts.push({ type: "text", text: message.content, state: "done" });
  return {
    id: message.id,
    role: message.role === "system" ? "system" : message.role,
    parts,
    metadata: {
      model: message.model,
      stats,
      status: message.status,
      ...(stats?.error && { error: stats.error }),
    },
  };
}

/** All text of a message, in order. */
export function messageText(message: LumiaUIMessage): string {
  let text = "";
  for (const part of message.parts) if (part.type === "text") text += part.text;
  return text;
}

/** The memories an answer used, from the live data part or the stored stats. */
export function memoriesUsed(message: LumiaUIMessage): MemoriesUsed | null {
  for (const part of message.parts) if (part.type === "data-memories") return part.data as MemoriesUsed;
  return message.metadata?.stats?.memories ?? null;
}

/**
 * What an assistant message shows. A stored answer still marked `streaming` is being written on the
 * server (a crashed run's answers are marked interrupted at the next start): this page reconnects to it.
 */
export function answerState({ message, live }: { message: LumiaUIMessage; live: boolean }): AnswerState {
  if (live) return "streaming";
  const meta = message.metadata;
  if (meta?.error || meta?.status === "error" || meta?.stats?.error) return "error";
  if (meta?.status === "streaming") return "streaming";
  if (meta?.status === "interrupted") return "interrupted";
  return "done";
}
