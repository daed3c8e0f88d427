import { overridesSchema, type RequestOverrides } from "./config";

// `[[emu {...}]]`: the lazy body stops at the first `}` that is followed by `]]`, so nested objects work.
const DIRECTIVE = /\[\[emu\s*(\{[\s\S]*?\})\s*\]\]/;

/** A prompt with its directive taken out, or the reason the directive is unusable. */
export type DirectiveResult =
  | { ok: true; text: string; overrides: RequestOverrides }
  | { ok: false; error: string };

/**
 * Reads a `[[emu {json}]]` directive from a prompt. Concurrent tests share one emulator and steer
 * their own requests with it; the directive is removed so the reply never echoes it.
 */
export function readDirective({ text }: { text: string }): DirectiveResult {
  const match = DIRECTIVE.exec(text);
  if (!match?.[1]) return { ok: true, text, overrides: {} };
  let json: unknown;
  try {
    json = JSON.parse(match[1]);
  } catch {
    return { ok: false, error: `invalid emulator directive: ${match[1]}` };
  }
  const parsed = overridesSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: `invalid emulator directive: ${issue?.path.join(".")} ${issue?.message}` };
  }
  const stripped = (text.slice(0, match.index) + text.slice(match.index + match[0].length)).trim();
  return { ok: true, text: stripped, overrides: parsed.data };
}
