import { createParser } from "eventsource-parser";
import type { MeasuredEvent } from "./types";

/** Turns decoded body bytes into SSE events stamped with the read that completed them. */
export type EventRecorder = {
  /** Feeds the decoded bytes that one network read made available. */
  feed(input: { bytes: Uint8Array; at: number; readIndex: number }): void;
  /** Ends the body; an unterminated last event is discarded, as the SSE standard says. */
  end(): void;
  readonly events: MeasuredEvent[];
};

/**
 * Creates an event recorder. Pure (no node:* imports): a browser page can feed it the chunks of a
 * `fetch` body reader, each chunk standing for one network read.
 */
export function createEventRecorder(): EventRecorder {
  const events: MeasuredEvent[] = [];
  // A multi-byte character may be split across reads: the streaming decoder holds the first bytes back.
  const decoder = new TextDecoder("utf-8");
  // The parser dispatches synchronously inside feed(), so the stamp of the current read is in scope.
  let stamp = { at: 0, readIndex: -1 };
  const parser = createParser({
    onEvent: ({ event, data }) => {
      events.push({ event: event ?? "message", data: parseData(data), ...stamp });
    },
  });
  return {
    events,
    feed({ bytes, at, readIndex }) {
      stamp = { at, readIndex };
      parser.feed(decoder.decode(bytes, { stream: true }));
    },
    end() {
      parser.feed(decoder.decode());
    },
  };
}

function parseData(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    return data;
  }
}
