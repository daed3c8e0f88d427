import { z } from "zod";
import { createMemory, listMemories } from "@/lib/db/memories";
import type { Owner } from "@/lib/db/ownership";
import { getEnv } from "@/lib/env";
import { keywordScore, keywords } from "@/lib/memory/similarity";
import { createOllamaClient } from "@/lib/ollama/client";
import { embedTexts } from "@/lib/ollama/embed";
import { withOllamaHost } from "@/lib/ollama/route-host";

/**
 * Messages worth asking the model about: someone stating a fact about themselves. The check keeps the
 * extraction call (a second model run) away from ordinary questions.
 */
const STATES_A_FACT =
  /\b(remember|my name|call me|i am|i'm|i live|i like|i love|i prefer|i work|i have|kom ihåg|jag heter|jag bor|jag gillar|jag jobbar|jag arbetar|jag är)\b/i;

const factsSchema = z.object({ facts: z.array(z.string().trim().min(3).max(500)).max(10) });

const EXTRACTION_PROMPT =
  "Extract durable facts the user states about themselves or asks you to remember, from the user's " +
  'message below. Answer with JSON only: {"facts": ["..."]}, each fact a short third-person sentence ' +
  '(e.g. "The user\'s name is Ada."). If there is nothing to remember, answer {"facts": []}.';

/** Whether a new fact says the same as a stored memory (same words, near enough). */
function isDuplicate(fact: string, existing: Set<string>[]): boolean {
  const words = keywords(fact);
  return existing.some((known) => keywordScore(words, known) >= 0.8);
}

/**
 * Asks the model for the facts a user message states and stores the new ones as `extracted` memories.
 * Returns what was stored.
 */
export async function extractMemories({
  owner,
  message,
  model,
}: {
  owner: Owner;
  message: string;
  model: string;
}): Promise<string[]> {
  if (!STATES_A_FACT.test(message)) return [];
  const signal = AbortSignal.timeout(120_000);
  const response = await withOllamaHost({
    model,
    run: (host) =>
      createOllamaClient({ signal, host }).chat({
        model,
        stream: false,
        format: "json",
        messages: [
          { role: "system", content: EXTRACTION_PROMPT },
          { role: "user", content: message },
        ],
      }),
  });
  const parsed = factsSchema.safeParse(JSON.parse(response.message.content || "{}"));
  if (!parsed.success) return [];
  const known = (await listMemories({ owner })).map((m) => keywords(m.content));
  const stored: string[] = [];
  for (const fact of parsed.data.facts) {
    if (isDuplicate(fact, known)) continue;
    let embedding: Float32Array | undefined;
    let embeddingModel: string | undefined;
    try {
      const { model: embedModel, vectors } = await embedTexts({ texts: [fact] });
      embedding = vectors[0];
      embeddingModel = embedModel;
    } catch {
      // Without an embedding model the memory is still useful to keyword retrieval.
    }
    await createMemory({ owner, content: fact, source: "extracted", embedding, embeddingModel });
    known.push(keywords(fact));
    stored.push(fact);
  }
  return stored;
}

/**
 * Runs extraction after the answer has been sent, detached from the request: it must never delay or
 * break a stream. `LUMIA_MEMORY_EXTRACTION=off` turns it off.
 */
export function extractMemoriesInBackground({
  owner,
  message,
  model,
}: {
  owner: Owner;
  message: string;
  model: string;
}): void {
  if (!getEnv().LUMIA_MEMORY_EXTRACTION) return;
  extractMemories({ owner, message, model })
    .then((stored) => {
      if (stored.length > 0) console.log(`🧠 Remembered ${stored.length} new fact(s): ${stored.join(" | ")}`);
    })
    .catch((error) =>
      console.warn("Memory extraction failed:", error instanceof Error ? error.message : error),
    );
}
