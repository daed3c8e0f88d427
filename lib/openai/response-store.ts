/**
 * Stored responses, for what the Responses API lets a client refer to instead of resending:
 * `previous_response_id` (the whole conversation so far) and `item_reference` (one output item; the
 * `@ai-sdk/openai` provider sends its earlier answers' text this way while `store` is on, its default).
 * In memory, the most recent ones only: a restarted server has forgotten them, and a reference to a
 * forgotten item is a 400 that says so (OpenAI too expires stored responses).
 */

/** An input item in the shape the request schema reads. */
export type StoredItem = Record<string, unknown> & { type: string };

interface StoredResponse {
  /** The size of its items as JSON, counted against the memory budget. */
  chars: number;
  /** The conversation up to and including this response's output (its instructions are not carried over). */
  items: StoredItem[];
  /** The ids of its own output items, forgotten with it. */
  outputIds: string[];
}

const MAX_RESPONSES = 500;
/** About 100 MB of strings: images in the conversations make some responses large. */
const MAX_CHARS = 50_000_000;

// On globalThis: Next may evaluate this module once per route bundle; every copy must share the store.
const store = globalThis as typeof globalThis & {
  lumiaResponses?: { responses: Map<string, StoredResponse>; items: Map<string, StoredItem>; chars: number };
};
store.lumiaResponses ??= { responses: new Map(), items: new Map(), chars: 0 };
const state = store.lumiaResponses;
const { responses, items } = state;

/** Keeps a finished response: its conversation, and each output item by id. */
export function saveResponse({
  id,
  conversation,
  output,
}: {
  id: string;
  conversation: readonly StoredItem[];
  output: readonly StoredItem[];
}): void {
  const all = [...conversation, ...output];
  const chars = JSON.stringify(all).length;
  if (chars > MAX_CHARS) return;
  const outputIds = output.flatMap((item) => (typeof item.id === "string" ? [item.id] : []));
  responses.set(id, { items: all, outputIds, chars });
  state.chars += chars;
  for (const item of output) if (typeof item.id === "string") items.set(item.id, item);
  while (responses.size > MAX_RESPONSES || state.chars > MAX_CHARS) {
    const oldest = responses.keys().next().value as string;
    const evicted = responses.get(oldest);
    for (const itemId of evicted?.outputIds ?? []) items.delete(itemId);
    state.chars -= evicted?.chars ?? 0;
    responses.delete(oldest);
  }
}

/** The conversation of a stored response, or undefined when it is unknown (or forgotten). */
export function findResponse({ id }: { id: string }): readonly StoredItem[] | undefined {
  return responses.get(id)?.items;
}

/** A stored output item, or undefined. */
export function findItem({ id }: { id: string }): StoredItem | undefined {
  return items.get(id);
}
