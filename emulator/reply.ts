import { extractFacts } from "./facts";
import { passages } from "./passages";
import { exampleFromSchema } from "./schema-example";
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
 * The tokens of the answer to a prompt: the text after "say exactly:" verbatim, else (when `format`
 * is a JSON schema) a value valid against it (a `facts` array holds the facts of the user's messages),
 * else (when `format` is "json") `{"facts":[...]}` from the user's messages, else a markdown passage picked by hashing the prompt, cut or repeated to
 * `replyTokens` when that is set.
 */
export function buildReply({
  prompt,
  userTexts,
  format,
  replyTokens,
}: {
  prompt: string;
  userTexts: readonly string[];
  /** The request's `format`: "json", a JSON schema, or nothing. */
  format: unknown;
  replyTokens: number | null;
}): readonly string[] {
  const exact = SAY_EXACTLY.exec(prompt)?.[1];
  if (exact !== undefined) return tokenize({ text: exact.trim() });
  if (typeof format === "object" && format !== null) {
    const value = exampleFromSchema({ schema: format }) as Record<string, unknown>;
    // Memory extraction's shape (`{facts: [strings]}`) still gets the facts the user stated.
    const facts = (format as { properties?: { facts?: { items?: { type?: unknown } } } }).properties?.facts;
    if (Array.isArray(value?.facts) && [undefined, "string"].includes(facts?.items?.type as string)) {
      value.facts = extractFacts({ texts: userTexts });
    }
    return tokenize({ text: JSON.stringify(value) });
  }
  if (format === "json")
    return tokenize({ text: JSON.stringify({ facts: extractFacts({ texts: userTexts }) }) });
  const tokens = passageTokens[fnv1a({ text: prompt }) % passageTokens.length] ?? [];
  return shape(tokens, replyTokens);
}

/**
 * The tokens up to the first of the `stop` strings, as Ollama stops: the stop string itself is not sent
 * (a token that holds its start is cut before it). `stopped` says whether one was found.
 */
export function cutAtStop({ tokens, stop }: { tokens: readonly string[]; stop: readonly string[] }): {
  tokens: readonly string[];
  stopped: boolean;
} {
  const text = tokens.join("");
  let at = -1;
  for (const s of stop) {
    const found = s === "" ? -1 : text.indexOf(s);
    if (found >= 0 && (at < 0 || found < at)) at = found;
  }
  if (at < 0) return { tokens, stopped: false };
  const kept: string[] = [];
  let length = 0;
  for (const token of tokens) {
    if (length + token.length > at) {
      if (at > length) kept.push(token.slice(0, at - length));
      break;
    }
    kept.push(token);
    length += token.length;
  }
  return { tokens: kept, stopped: true };
}
