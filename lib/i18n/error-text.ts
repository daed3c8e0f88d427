import type { Locale, UIStrings } from "./messages";

/** What the server's error codes mean, for a UI that is not in English (the server speaks English). */
const SWEDISH: Record<string, string> = {
  invalid_request: "Begäran var ogiltig.",
  payload_too_large: "Meddelandet är för långt (högst 32 000 tecken).",
  unauthorized: "Logga in först.",
  forbidden: "Det får bara en administratör göra.",
  rate_limited: "För många meddelanden just nu. Vänta en stund och försök igen.",
  model_not_found: "Modellen är inte installerad. Hämta den eller välj en annan.",
  thread_not_found: "Chatten finns inte längre.",
  memory_not_found: "Minnet finns inte längre.",
  not_found: "Hittades inte.",
  ollama_unreachable: "Ollama går inte att nå.",
  ollama_busy: "Ollama är upptagen. Försök igen om en stund.",
  ollama_error: "Ollama svarade med ett fel.",
  ollama_stalled: "Modellen slutade svara.",
  stream_interrupted: "Svaret avbröts.",
  server_shutdown: "Lumia startas om. Försök igen om en stund.",
  answer_elsewhere: "Svaret skrivs av en annan Lumia-process.",
  internal_error: "Något gick fel i Lumia.",
};

/**
 * A server error for the UI's language: the server's own (English) message in English, the code's
 * Swedish meaning in Swedish (the server's message when the code is unknown).
 */
export function errorText({
  t,
  locale,
  code,
  message,
}: {
  t: UIStrings;
  locale: Locale;
  code: string;
  message: string;
}): string {
  if (code === "thread_not_found") return t.threadNotFound;
  if (locale === "sv") return SWEDISH[code] ?? message;
  return message;
}
