import type Database from "better-sqlite3";
import { getDirectSqlite } from "./client";

/*
 * Writes on the direct better-sqlite3 connection (getDirectSqlite), shared by the modules that keep their
 * hot statements there: how a busy lock is met, and dates written and read exactly as Prisma does.
 */

/**
 * Runs `run`, or returns null when SQLite answered SQLITE_BUSY (another connection holds the write lock):
 * the caller then tries again later or takes the Prisma path, which waits its turn.
 */
export function unlessBusy<T>(run: () => T): { value: T } | null {
  try {
    return { value: run() };
  } catch (error) {
    if (isBusy(error)) return null;
    throw error;
  }
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.startsWith("SQLITE_BUSY");
}

/**
 * A DateTime as Prisma's better-sqlite3 adapter stores it (its default `iso8601` format): TEXT, ISO 8601
 * in UTC with milliseconds and `+00:00` for the zone, e.g. `2026-01-02T03:04:05.678+00:00`. The same text
 * for the same instant keeps ordering and cursor comparisons (listThreads) consistent across both writers.
 */
export function toSqliteDateTime(date: Date): string {
  return date.toISOString().replace("Z", "+00:00");
}

/**
 * Reads a DateTime column as Prisma would: our TEXT form, SQLite's own `YYYY-MM-DD HH:MM:SS` (UTC, no zone)
 * or milliseconds since the epoch.
 */
export function fromSqliteDateTime(value: string | number): Date {
  if (typeof value === "number") return new Date(value);
  const text = value.replace(" ", "T");
  return new Date(/T.*(Z|[+-]\d\d(:?\d\d)?)$/i.test(text) ? text : `${text}Z`);
}

/** How long a direct statement waits, in short sleeps that never block the event loop, for a lock. */
const DIRECT_RETRY = { attempts: 25, sleepMs: 4 };

/**
 * Runs `run` on the direct connection. While another connection holds the lock (the checkpoint worker
 * emptying the WAL, for some tens of ms; a Prisma transaction), it tries again a few ms later rather than
 * busy-waiting on the event loop; after ~100 ms, or without a direct connection, Prisma does it, queued
 * behind whatever holds the lock.
 */
export async function onDirectConnection<T>(
  run: (db: Database.Database) => T,
  fallback: () => Promise<T>,
  { whenBusy = "fallback" }: { whenBusy?: "fallback" | "throw" } = {},
): Promise<T> {
  const db = await getDirectSqlite();
  for (let attempt = 0; db && attempt < DIRECT_RETRY.attempts; attempt++) {
    const done = unlessBusy(() => run(db));
    if (done) return done.value;
    await new Promise((resolve) => setTimeout(resolve, DIRECT_RETRY.sleepMs));
  }
  // Prisma's SQLite connection waits for a lock synchronously (its busy timeout blocks the event loop,
  // and with it every stream): callers that can try again later rather get the error.
  if (db && whenBusy === "throw") throw new DatabaseBusyError();
  return fallback();
}

/** SQLite stayed locked by another connection for the ~100 ms a non-blocking write waits. */
export class DatabaseBusyError extends Error {
  constructor() {
    super("The database is locked by another connection.");
    this.name = "DatabaseBusyError";
  }
}
