import { setGeneratedTitle, titleFromMessage } from "@/lib/db/threads";
import { getEnv } from "@/lib/env";
import { ndjsonChat } from "@/lib/ollama/ndjson-chat";
import { withOllamaHost } from "@/lib/ollama/route-host";

const TITLE_PROMPT =
  "Write a title of 2 to 6 words for the conversation below, in the language it is written in. " +
  "Answer with the title alone: no quotes, no punctuation at the end, no explanation.";

/** How much of the answer the title model reads: the gist is at the start. */
const ANSWER_CHARS = 1_000;

/**
 * What a model's answer to the title prompt becomes: its first non-empty line, without Markdown marks,
 * quotes or a trailing full stop, at most 60 characters; empty when nothing usable is left.
 */
export function cleanTitle({ text }: { text: string }): string {
  const line =
    text
      .split("\n")
      .map((part) => part.trim())
      .find((part) => part.length > 0) ?? "";
  const bare = line
    .replace(/^(#+|[-*>]|\d+\.)\s*/, "")
    .replace(/[*_`]/g, "")
    .replace(/^(title|titel)\s*:\s*/i, "")
    .replace(/^["'“”‘’«»]+|["'“”‘’«»]+$/g, "")
    .replace(/[.。!]+$/, "")
    .trim();
  return bare ? titleFromMessage({ content: bare }) : "";
}

/**
 * Asks the thread's model for a short title after its first answer, and stores it unless the user has
 * named the thread meanwhile. Detached from the answer: it never delays or breaks a stream, and a
 * failure only leaves the title made from the first message. `LUMIA_TITLES=off` turns it off.
 */
export function generateTitleInBackground({
  threadId,
  model,
  question,
  answer,
}: {
  threadId: string;
  model: string;
  question: string;
  answer: string;
}): void {
  if (!getEnv().LUMIA_TITLES) return;
  const signal = AbortSignal.timeout(60_000);
  // Read as answers are (node:http, pooled): every new thread asks this while other answers stream, and
  // ollama-js's fetch cost several times the rest of the title's work.
  withOllamaHost({
    model,
    run: async (host) => {
      let text = "";
      await ndjsonChat({
        request: {
          model,
          messages: [
            { role: "system", content: TITLE_PROMPT },
            { role: "user", content: `User: ${question}\n\nAssistant: ${answer.slice(0, ANSWER_CHARS)}` },
          ],
          options: { temperature: 0.2, num_predict: 24 },
        },
        host,
        signal,
        emit: (event) => {
          if (event.type === "text") text += event.text;
        },
      });
      return text;
    },
  })
    .then((text) => {
      const title = cleanTitle({ text });
      return title ? setGeneratedTitle({ id: threadId, title }) : false;
    })
    .catch((error) =>
      console.warn("Titling a thread failed:", error instanceof Error ? error.message : error),
    );
}
