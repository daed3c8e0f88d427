import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it, vi } from "vitest";
import { startWalCheckpointer } from "@/lib/db/wal-checkpointer";

const walBytes = (file: string) => {
  try {
    return statSync(`${file}-wal`).size;
  } catch {
    return 0;
  }
};

describe("the WAL checkpoint worker", () => {
  it("empties a WAL the writer never checkpoints, without the writer's thread doing it", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "lumia-wal-")), "w.db");
    const db = new Database(file);
    db.pragma("journal_mode = WAL");
    // As client.ts sets the connections: SQLite's own checkpoint off, left to the worker.
    db.pragma("wal_autocheckpoint = 0");
    db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)");
    const insert = db.prepare("INSERT INTO t (body) VALUES (?)");
    const body = "x".repeat(8_000);
    for (let i = 0; i < 500; i++) insert.run(body);
    const grown = walBytes(file);
    expect(grown).toBeGreaterThan(4_000_000);

    const checkpointer = startWalCheckpointer({ file, everyMs: 20, truncatePages: 100 });
    expect(checkpointer).not.toBeNull();
    await vi.waitFor(() => expect(walBytes(file)).toBe(0), { timeout: 5_000, interval: 20 });
    // Everything written is in the database file itself now.
    expect(db.prepare("SELECT count(*) AS n FROM t").get()).toEqual({ n: 500 });
    await checkpointer?.stop();
    db.close();
  });
});
