import type { Redis } from "ioredis";
import type { Generation } from "../generation";
import { InProcessRegistry } from "../in-process-registry";
import type { GenerationRegistry } from "../registry-types";
import type { Subscriber } from "../subscriber";
import { newRedisConnection, redisKeys } from "./connection";
import { mirrorToRedis } from "./mirror";
import { readRemoteAnswer } from "./remote-reader";

/** How often this process says it is up, and how long the word lasts. */
const ALIVE_EVERY_MS = 1_500;
const ALIVE_FOR_MS = 5_000;

/**
 * The registry shared by every Lumia instance through Redis (REDIS_URL). Answers run where they started
 * (that process owns the Ollama request); their events are mirrored into a Redis Stream, so a client
 * may resume on any instance; a stop reaches the owner through pub/sub. An answer of this process is
 * served from memory as without Redis, at no extra cost.
 */
export class RedisRegistry implements GenerationRegistry {
  private readonly local = new InProcessRegistry();
  private readonly listener: Redis;
  private readonly aliveTimer: ReturnType<typeof setInterval>;

  constructor(
    private readonly url: string,
    private readonly commands: Redis,
    private readonly processName: string,
  ) {
    this.listener = newRedisConnection(url, "lumia-stop-listener");
    this.listener.on("message", (_channel: string, id: string) => {
      void this.local.stop({ id });
    });
    void this.listener.subscribe(redisKeys.stopChannel).catch((error: Error) => {
      console.warn(`Listening for stops through Redis failed: ${error.message}`);
    });
    const beat = () => {
      this.commands.set(redisKeys.alive(processName), "1", "PX", ALIVE_FOR_MS).catch(() => {
        // The connection warns once by itself; the next beat tries again.
      });
    };
    beat();
    this.aliveTimer = setInterval(beat, ALIVE_EVERY_MS);
    this.aliveTimer.unref();
  }

  add(generation: Generation): void {
    this.local.add(generation);
    mirrorToRedis({ redis: this.commands, generation, owner: this.processName });
  }

  subscribe(args: { id: string; afterId: number; subscriber: Subscriber }): (() => void) | undefined {
    const here = this.local.subscribe(args);
    if (here) return here;
    return readRemoteAnswer({
      connection: newRedisConnection(this.url, "lumia-reader"),
      commands: this.commands,
      ...args,
    });
  }

  async stop({ id }: { id: string }): Promise<boolean> {
    if (await this.local.stop({ id })) return true;
    const running = await this.commands.hget(redisKeys.answer(id), "running");
    if (running !== "1") return false;
    // Every instance hears it; the one that runs the answer stops it.
    await this.commands.publish(redisKeys.stopChannel, id);
    return true;
  }

  async status({ id }: { id: string }): Promise<{ running: boolean; lastEventId: number } | undefined> {
    const here = await this.local.status({ id });
    if (here) return here;
    const [owner, running, last] = await this.commands.hmget(
      redisKeys.answer(id),
      "owner",
      "running",
      "last",
    );
    if (!owner) return undefined;
    return { running: running === "1", lastEventId: Number(last ?? 0) };
  }

  /** Stops beating and listening, once the answers' last events went out (shutdown). */
  async close(): Promise<void> {
    clearInterval(this.aliveTimer);
    this.listener.disconnect();
    // QUIT waits for the replies to what was sent before it: the last mirrored events are in Redis.
    await this.commands.del(redisKeys.alive(this.processName)).catch(() => {});
    await this.commands.quit().catch(() => {});
  }
}
