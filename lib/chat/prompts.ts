import type { UsedMemory } from "@/lib/stream/events";

/** Lumia's default persona, used when the caller gives no system prompt of its own. */
export const DEFAULT_SYSTEM_PROMPT =
  "You are Lumia, a helpful assistant running on the user's own machine. Answer clearly and concisely, " +
  "using Markdown when it helps (lists, tables, fenced code blocks).";

/** The fast endpoint's prompt: as short as possible, since every prompt token delays the first answer token. */
export const FAST_SYSTEM_PROMPT = "You are Lumia. Answer briefly.";

/**
 * The system prompt with the user's relevant memories. They are given as facts the user told Lumia
 * earlier, so the model uses them without repeating them back verbatim.
 */
export function systemPromptWithMemories({
  base,
  memories,
}: {
  base: string;
  memories: UsedMemory[];
}): string {
  if (memories.length === 0) return base;
  const facts = memories.map((m) => `- ${m.content}`).join("\n");
  return `${base}\n\nWhat you know about the user from earlier conversations (use it when relevant):\n${facts}`;
}
