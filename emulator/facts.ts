// A clause ends at punctuation or at "and"/"but", so "my name is Ada and I live in Oslo" is two facts.
const END = String.raw`(?=\s+(?:and|but)\s|[,.;:!?]|$)`;

const rules: ReadonlyArray<readonly [RegExp, (match: RegExpExecArray) => string]> = [
  [new RegExp(String.raw`\bmy name is (.+?)${END}`, "i"), (m) => `The user's name is ${m[1]}`],
  [new RegExp(String.raw`\bi(?:'m| am) called (.+?)${END}`, "i"), (m) => `The user's name is ${m[1]}`],
  [new RegExp(String.raw`\bi live in (.+?)${END}`, "i"), (m) => `The user lives in ${m[1]}`],
  [
    new RegExp(String.raw`\bi (like|love|prefer|enjoy) (.+?)${END}`, "i"),
    (m) => `The user ${m[1]?.toLowerCase()}s ${m[2]}`,
  ],
  [new RegExp(String.raw`\bi work (.+?)${END}`, "i"), (m) => `The user works ${m[1]}`],
];

const REMEMBER = /\bremember that (.+)/i;

/** First person to third: "my cat is Tom" becomes "The user's cat is Tom". */
function thirdPerson(text: string): string {
  const rewritten = text
    .replace(/\bmy\b/gi, "the user's")
    .replace(/\bi(?:'m| am)\b/gi, "the user is")
    .replace(/\bi\b/gi, "the user")
    .replace(/[.!?]+$/, "");
  return rewritten.charAt(0).toUpperCase() + rewritten.slice(1);
}

function factsOfSentence(sentence: string): string[] {
  const remembered = REMEMBER.exec(sentence)?.[1];
  const source = remembered ?? sentence;
  // In the order the user said them.
  const found = rules
    .map(([pattern, render]) => ({ match: pattern.exec(source), render }))
    .flatMap(({ match, render }) => (match ? [{ at: match.index, fact: render(match).trim() }] : []))
    .sort((a, b) => a.at - b.at)
    .map(({ fact }) => fact);
  if (found.length === 0 && remembered) found.push(thirdPerson(remembered.trim()));
  return found;
}

/**
 * The facts a user stated about themselves, for replies to `format` requests (Lumia's memory
 * extraction). Lines of a pasted transcript that start with "assistant:" are skipped: only the user's
 * own words are facts about the user.
 */
export function extractFacts({ texts }: { texts: readonly string[] }): string[] {
  const facts = new Map<string, string>();
  for (const text of texts) {
    for (const line of text.split("\n")) {
      if (/^\s*assistant\s*:/i.test(line)) continue;
      for (const sentence of line.split(/(?<=[.!?])\s+/)) {
        for (const fact of factsOfSentence(sentence)) facts.set(fact.toLowerCase(), fact);
      }
    }
  }
  return [...facts.values()];
}
