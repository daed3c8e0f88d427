import type { StreamFormat } from "@/lib/stream/encoder";
import type { StreamEvent } from "@/lib/stream/events";

/** Where one connection's bytes go: a web stream's controller under Next, Node's response on lean routes. */
export interface StreamSink {
  write(text: string): void;
  /** After the last event. */
  close(): void;
}

/** One connection reading a generation: it gets every event in order, then `end`. */
export interface Subscriber {
  send(event: StreamEvent, id: number): void;
  /** An event that is not one of the answer's (no id): `caught_up`. */
  note(event: StreamEvent): void;
  heartbeat(): void;
  /** The generation ended and its last event was sent: finish the wire format and close. */
  end(): void;
}

/** How long an SSE client waits before it reconnects to a thread answer (the `retry:` field). */
export const RECONNECT_DELAY_MS = 2_000;

/**
 * A subscriber that speaks one wire format. With `idPrefix` (thread answers) every event carries
 * `id: <prefix><n>`, on the last frame of the event so that a client's last event id moves only once the
 * whole event arrived, and the first write says `retry:`. The prefix names the answer, so a
 * `Last-Event-ID` alone says which answer to resume and where.
 */
export function encodingSubscriber({
  format,
  sink,
  idPrefix,
}: {
  format: StreamFormat;
  sink: StreamSink;
  idPrefix?: string;
}): Subscriber {
  const encoder = format.create();
  let preamble = idPrefix === undefined ? "" : `retry: ${RECONNECT_DELAY_MS}\n\n`;
  return {
    send(event, id) {
      let text = encoder.encode(event);
      if (text === "") return;
      if (idPrefix !== undefined) text = withId(text, `${idPrefix}${id}`);
      if (preamble) {
        text = preamble + text;
        preamble = "";
      }
      sink.write(text);
    },
    note(event) {
      const text = encoder.encode(event);
      if (text) sink.write(text);
    },
    heartbeat() {
      sink.write(encoder.heartbeat());
    },
    end() {
      const last = encoder.end();
      if (last) sink.write(last);
      sink.close();
    },
  };
}

/** Puts an `id:` field into the last SSE frame of `frames` (each frame ends with a blank line). */
function withId(frames: string, id: string): string {
  const cut = frames.lastIndexOf("\n\n", frames.length - 3);
  if (cut < 0) return `id: ${id}\n${frames}`;
  return `${frames.slice(0, cut + 2)}id: ${id}\n${frames.slice(cut + 2)}`;
}
