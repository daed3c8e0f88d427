import type { Redis } from "ioredis";
import type { StreamEvent } from "@/lib/stream/events";
import type { Subscriber } from "../subscriber";
import { redisKeys } from "./connection";

/** How long one blocking read waits before the reader checks that the answer's owner is still up. */
const BLOCK_MS = 1_000;
const BATCH = 500;
const TERMINAL = new Set<StreamEvent["type"]>(["done", "stopped", "error"]);

type Entries = [id: string, fields: string[]][];

/**
 * Feeds a subscriber from an answer that another instance runs: every event after `afterId` from its
 * Redis Stream, then the new ones as they are added, until its end. If the owning process stops beating
 * while the answer runs (it died), the reader ends with an `instance_gone` error event; the text so far
 * stays stored (saved every second) and is marked interrupted by the survivors. Returns the detach.
 */
export function readRemoteAnswer({
  connection,
  commands,
  id,
  afterId,
  subscriber,
}: {
  /** A connection of the reader's own (it blocks); closed when the reader ends. */
  connection: Redis;
  commands: Redis;
  id: string;
  afterId: number;
  subscriber: Subscriber;
}): () => void {
  const eventsKey = redisKeys.events(id);
  let closed = false;
  let last = afterId;

  const deliver = (entries: Entries): boolean => {
    for (const [entryId, fields] of entries) {
      const eventId = Number(entryId.slice(entryId.indexOf("-") + 1));
      if (eventId <= last) continue;
      const event = JSON.parse(fields[1] as string) as StreamEvent;
      subscriber.send(event, eventId);
      last = eventId;
      if (TERMINAL.has(event.type)) return true;
    }
    return false;
  };

  /** Whether the answer can still grow: its owner is up, or gone mid-answer, or it is no longer kept. */
  const ownerState = async (): Promise<"up" | "gone" | "forgotten"> => {
    const [owner, running] = await commands.hmget(redisKeys.answer(id), "owner", "running");
    if (!owner) return "forgotten";
    if (running !== "1") return "up"; // its end is on its way in the stream
    return (await commands.exists(redisKeys.alive(owner))) === 0 ? "gone" : "up";
  };

  const run = async () => {
    try {
      // What was written before this reader came, in pages.
      for (;;) {
        const page = (await connection.xrange(eventsKey, `(0-${last}`, "+", "COUNT", BATCH)) as Entries;
        if (closed) return;
        if (deliver(page)) return finish();
        if (page.length < BATCH) break;
      }
      for (;;) {
        const reply = (await connection.xread(
          "COUNT",
          BATCH,
          "BLOCK",
          BLOCK_MS,
          "STREAMS",
          eventsKey,
          `0-${last}`,
        )) as [key: string, entries: Entries][] | null;
        if (closed) return;
        if (reply) {
          if (deliver(reply[0]?.[1] ?? [])) return finish();
        } else {
          const state = await ownerState();
          if (closed) return;
          if (state === "up") continue;
          if (state === "forgotten") return finish();
          subscriber.send(
            {
              type: "error",
              error: {
                error: "The Lumia instance writing this answer stopped; the text so far is kept.",
                code: "instance_gone",
              },
            },
            last + 1,
          );
          return finish();
        }
      }
    } catch (error) {
      if (closed) return;
      console.warn(`Reading answer ${id} from Redis failed:`, error instanceof Error ? error.message : error);
      finish();
    }
  };

  const finish = () => {
    if (closed) return;
    closed = true;
    try {
      subscriber.end();
    } finally {
      connection.disconnect();
    }
  };

  void run();
  return () => {
    if (closed) return;
    closed = true;
    connection.disconnect();
  };
}
