import type { StreamEncoder, StreamFormat } from "@/lib/stream/encoder";
import type { StreamEvent } from "@/lib/stream/events";
import { SEED_SSE_HEADERS } from "@/lib/stream/headers";
import { SSE_KEEP_ALIVE, sseFrame } from "@/lib/stream/sse";

/** Encodes one event in the seed's wire format: unnamed `{"chunk"}` events between start and done. */
export function encodeSeedEvent(event: StreamEvent): string {
  switch (event.type) {
    case "text":
      // The per-chunk event: the same text as JSON.stringify({ chunk }) without building the object.
      return `data: {"chunk":${JSON.stringify(event.text)}}\n\n`;
    case "caught_up":
      // Seed clients resume by Last-Event-ID and need no timing: nothing to say.
      return "";
    case "start":
      return sseFrame(JSON.stringify({ start: true, model: event.model, id: event.id }), "start");
    case "memory":
      return sseFrame(JSON.stringify({ memories: event.memories, method: event.method }), "memory");
    case "tool_calls":
      return sseFrame(JSON.stringify({ tool_calls: event.calls }), "tool_calls");
    case "done":
      return sseFrame(JSON.stringify({ done: true, stats: event.stats }), "done");
    case "stopped":
      // Still the seed's last event, so its clients end as usual; `stopped` says the text is partial.
      return sseFrame(JSON.stringify({ done: true, stopped: true, stats: event.stats }), "done");
    case "error":
      return sseFrame(JSON.stringify(event.error), "error");
  }
}

const seedEncoder: StreamEncoder = {
  encode: encodeSeedEvent,
  heartbeat: () => SSE_KEEP_ALIVE,
  end: () => "",
};

/** The seed's SSE format, spoken by `/chat/stream` and the other seed endpoints. */
export const seedFormat: StreamFormat = {
  name: "seed",
  headers: SEED_SSE_HEADERS,
  create: () => seedEncoder,
};
