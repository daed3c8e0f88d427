import type { Thread } from "@/lib/db/types";

/** A chat as a Markdown document: its title, settings, then each message under its author. */
export function threadToMarkdown({ thread }: { thread: Thread }): string {
  const lines = [`# ${thread.title}`, ""];
  if (thread.model) lines.push(`- Model: ${thread.model}`);
  if (thread.systemPrompt) lines.push(`- System prompt: ${thread.systemPrompt.replace(/\s+/g, " ")}`);
  lines.push(`- Exported: ${new Date().toISOString()}`, "");
  for (const message of thread.messages) {
    if (message.role === "system") continue;
    const who = message.role === "user" ? "You" : `Lumia${message.model ? ` (${message.model})` : ""}`;
    lines.push(`## ${who}`, "", message.content.trim(), "");
    if (message.status === "interrupted") lines.push("_(stopped before the end)_", "");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}

/** A file name from a title: letters, digits and dashes, never empty. */
export function exportFileName({ title, extension }: { title: string; extension: string }): string {
  const base = title
    .normalize("NFKD")
    .replace(/[^\w\s-]/g, "")
    .trim()
    .replace(/\s+/g, "-")
    .slice(0, 60)
    .toLowerCase();
  return `${base || "chat"}.${extension}`;
}
