import type { StreamEvent } from "@/lib/stream/events";

/** How many events a log keeps before it forgets the oldest text events (a resume then gets their text merged). */
export const MAX_LOGGED_EVENTS = 10_000;

/**
 * The events of one answer, with their ids (1, 2, 3, ...), so that a client that reconnects gets exactly
 * the events after the last one it saw. Bounded: past `maxEvents`, the oldest text events are dropped, but
 * the header events before the first text (start, memories) stay, and the text length after every id is
 * kept (one number per event), so a resume from a forgotten id still gets the text it missed, as one
 * event. Pushing costs one array slot and one number, no object.
 */
export class EventLog {
  private events: StreamEvent[] = [];
  private ids: number[] = [];
  /** Events before the first text event: never dropped. */
  private pinned = 0;
  private sawText = false;
  /** Text length (UTF-16 units) once the event with id i+1 was sent: `textEnd[i]`. */
  private readonly textEnd: number[] = [];

  constructor(private readonly maxEvents = MAX_LOGGED_EVENTS) {}

  /** Appends the event with the next id; `textLength` is the answer's text length after it. */
  push(event: StreamEvent, id: number, textLength: number): void {
    this.events.push(event);
    this.ids.push(id);
    this.textEnd[id - 1] = textLength;
    if (!this.sawText) {
      if (event.type === "text") this.sawText = true;
      else this.pinned = this.events.length;
    }
    if (this.events.length > this.maxEvents) this.forgetOldest();
  }

  /**
   * Every event after `afterId` in order, calling `visit` with each and its id. Text the log forgot is
   * rebuilt from `text(from, to)` as one text event carrying the id of the last forgotten event.
   */
  replay({
    afterId,
    text,
    visit,
  }: {
    afterId: number;
    text: (from: number, to: number) => string;
    visit: (event: StreamEvent, id: number) => void;
  }): void {
    const { events, ids, textEnd } = this;
    let last = afterId;
    for (let i = 0; i < events.length; i++) {
      const id = ids[i] as number;
      if (id <= afterId) continue;
      // Ids the log forgot between what the client has and this event: their text, as one event.
      if (id > last + 1) {
        const from = last > 0 ? (textEnd[last - 1] as number) : 0;
        const to = textEnd[id - 2] as number;
        if (to > from) visit({ type: "text", text: text(from, to) }, id - 1);
      }
      visit(events[i] as StreamEvent, id);
      last = id;
    }
  }

  /** Drops the older half of the text events (never the pinned header). */
  private forgetOldest() {
    const keepFrom = this.pinned + Math.floor((this.events.length - this.pinned) / 2);
    this.events = [...this.events.slice(0, this.pinned), ...this.events.slice(keepFrom)];
    this.ids = [...this.ids.slice(0, this.pinned), ...this.ids.slice(keepFrom)];
  }
}
