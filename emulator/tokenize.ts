// Like an LLM tokenizer, roughly: a word keeps its leading space, punctuation and symbols (emoji
// included) are one token each, every newline is its own token and other whitespace runs stay together.
// The alternatives cover every character, so joining the tokens gives back the text exactly.
const TOKEN = /\n| ?[\p{L}\p{N}\p{M}_]+| ?[^\s\p{L}\p{N}\p{M}_]|[^\S\n]+/gu;

/** Splits text into LLM-like tokens whose concatenation is the text. */
export function tokenize({ text }: { text: string }): string[] {
  return text.match(TOKEN) ?? [];
}

/** A rough token count, for `prompt_eval_count`. */
export function countTokens({ text }: { text: string }): number {
  return tokenize({ text }).length;
}
