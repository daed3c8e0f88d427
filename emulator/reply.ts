import { extractFacts } from "./facts";
import { passages } from "./passages";
import { tokenize } from "./tokenize";

// Tokenised once: the per-request work is picking a passage and shaping its length.
const passageTokens = passages.map((text) => tokenize({ text }));
const SAY_EXACTLY = /say exactly:([\s\S]*)$/i;

/** FNV-1a: a tiny stable hash, so the same question always gets the same answer. */
export function fnv1a({ text }: { text: string }): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Cuts or repeats a passage to exactly `count` tokens; repeats start a new paragraph. */
function shape(tokens: readonly string[], count: number | null): readonly string[] {
  if (count === null || count === tokens.length) return tokens;
  const cycle = [...tokens, "\n", "\n"];
  return Array.from({ length: count }, (_, i) => cycle[i % cycle.length] ?? "");
}

/**
 * The tokens of the answer to a prompt: the text after "say exactly:" verbatim, else (when the
 * request asks for JSON through `format`) `{"facts":[...]}` from the user's messages, else a markdown
 * passage picked by hashing the prompt, cut or repeated to `replyTokens` when that is set.
 */
export function buildReply({
  prompt,
  userTexts,
  wantsJson,
  replyTokens,
}: {
  prompt: string;
  userTexts: readonly string[];
  wantsJson: boolean;
  replyTokens: number | null;
}): readonly string[] {
  const exact = SAY_EXACTLY.exec(prompt)?.[1];
  if (exact !== undefined) return tokenize({ text: exact.trim() });
  if (wantsJson) return tokenize({ text: JSON.stringify({ facts: extractFacts({ texts: userTexts }) }) });
  const tokens = passageTokens[fnv1a({ text: prompt }) % passageTokens.length] ?? [];
  return shape(tokens, replyTokens);
}
