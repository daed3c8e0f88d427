import type { StreamEvent } from "@/lib/stream/events";

/**
 * The events of one answer, with their ids (1, 2, 3, ...), so that a client that reconnects gets exactly
 * the events after the last one it saw. A text event is not kept: the answer's text is, and so is its
 * length after every event (one number per event), so a text event is rebuilt from the two lengths
 * around it, with its own id and exactly its own text. Only the few other events (start, memories, tool
 * calls, the end) are kept as they were sent. A chunk therefore costs the log one number and leaves no
 * object behind: with a thousand answers streaming, retained event objects were old-generation garbage
 * that the collector copied and promoted, about 200 per answer.
 */
export class EventLog {
  /** The events that are not text, in order, with their ids: a handful per answer. */
  private readonly others: { id: number; event: StreamEvent }[] = [];
  /** The answer's text length (UTF-16 units) once the event with id i+1 was sent: `textEnd[i]`. */
  private readonly textEnd: number[] = [];

  /** Appends the event with the next id; `textLength` is the answer's text length after it. */
  push(event: StreamEvent, textLength: number): void {
    if (event.type !== "text") this.others.push({ id: this.textEnd.length + 1, event });
    this.textEnd.push(textLength);
  }

  /**
   * Every event after `afterId` in order, calling `visit` with each and its id. `text` gives the answer's
   * text so far; it is asked once, and only when a text event is replayed.
   */
  replay({
    afterId,
    text,
    visit,
  }: {
    afterId: number;
    text: () => string;
    visit: (event: StreamEvent, id: number) => void;
  }): void {
    const { others, textEnd } = this;
    let next = 0;
    while (next < others.length && (others[next] as { id: number }).id <= afterId) next++;
    let answer: string | undefined;
    for (let id = Math.max(afterId, 0) + 1; id <= textEnd.length; id++) {
      const other = others[next];
      if (other?.id === id) {
        visit(other.event, id);
        next++;
        continue;
      }
      answer ??= text();
      const from = id > 1 ? (textEnd[id - 2] as number) : 0;
      visit({ type: "text", text: answer.slice(from, textEnd[id - 1]) }, id);
    }
  }
}
