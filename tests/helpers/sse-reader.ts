import http from "node:http";
import { createParser } from "eventsource-parser";

export interface SseEvent {
  id?: string;
  event?: string;
  data: string;
  /** Date.now() when the read carrying it arrived. */
  at: number;
}

export interface SseRead {
  status: number;
  headers: http.IncomingHttpHeaders;
  events: SseEvent[];
  /** Everything received, as text. */
  raw: string;
  /** True when the test hung up (stopWhen), false when the server ended the response. */
  hungUp: boolean;
  /** Date.now() when the test hung up. */
  hungUpAt?: number;
}

/**
 * Reads an SSE response event by event over node:http, and hangs up (destroys the connection) as soon as
 * `stopWhen` says so: a client that leaves mid-answer, for real.
 */
export function readSse({
  url,
  method = "POST",
  body,
  headers = {},
  stopWhen,
  agent,
}: {
  url: string;
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  stopWhen?: (events: SseEvent[]) => boolean;
  /** `false` for a connection of its own (with several workers, a new connection goes to the next). */
  agent?: http.Agent | false;
}): Promise<SseRead> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, {
      ...(agent === undefined ? {} : { agent }),
      method,
      headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
    });
    const events: SseEvent[] = [];
    let raw = "";
    let at = 0;
    const parser = createParser({
      onEvent: (event) => events.push({ id: event.id, event: event.event, data: event.data, at }),
    });
    request.on("response", (response) => {
      let settled = false;
      const done = (hungUp: boolean) => {
        if (settled) return;
        settled = true;
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          events,
          raw,
          hungUp,
          ...(hungUp ? { hungUpAt: Date.now() } : {}),
        });
      };
      response.setEncoding("utf8");
      response.on("data", (text: string) => {
        at = Date.now();
        raw += text;
        parser.feed(text);
        if (stopWhen?.(events)) {
          request.destroy();
          done(true);
        }
      });
      response.on("end", () => done(false));
      // The server went away mid-stream (killed): what arrived is the answer.
      response.on("close", () => done(false));
      response.on("error", () => done(false));
    });
    request.on("error", (error) => {
      if (!request.destroyed) reject(error);
    });
    request.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/** The chunk texts of seed-format events, in order. */
export function chunkTexts(events: SseEvent[]): string[] {
  return events.filter((e) => !e.event && e.data.startsWith('{"chunk"')).map((e) => JSON.parse(e.data).chunk);
}

/** How many seed text chunks arrived. */
export const chunkCount = (events: SseEvent[]) => chunkTexts(events).length;
