import { describe, expect, it } from "vitest";
import { beginExchange } from "@/lib/db/messages";
import { createThread } from "@/lib/db/threads";
import type { Generation } from "@/lib/generation/generation";
import { flushPartialSaves, PARTIAL_SAVE_BATCH, queuePartialSave } from "@/lib/generation/partial-saves";
import { messageRows } from "../helpers/database-rows";
import { withTestDatabase } from "../helpers/test-database";

withTestDatabase();

/** What the saver asks of a running answer, with text that arrives between saves. */
function runningAnswer(id: string) {
  let unsaved = "";
  const answer = {
    id,
    running: true,
    arrive(text: string) {
      unsaved += text;
    },
    takeUnsavedText() {
      const text = unsaved;
      unsaved = "";
      return { text, undo: () => {} };
    },
  };
  return answer;
}

describe("partial saves of running answers", () => {
  it("appends every queued answer's new text in batches, giving the event loop a turn between them", async () => {
    const thread = await createThread({ owner: "local" });
    const answers = [];
    for (let i = 0; i < PARTIAL_SAVE_BATCH * 2 + 50; i++) {
      const exchange = await beginExchange({
        writer: "test",
        threadId: thread.id,
        userContent: `q${i}`,
        model: "m",
      });
      if (!exchange) throw new Error("thread vanished");
      answers.push(runningAnswer(exchange.assistantMessage.id));
    }
    const ended = answers[7] as ReturnType<typeof runningAnswer>;
    ended.running = false;

    for (const round of ["a", "b"]) {
      for (const [i, answer] of answers.entries()) {
        answer.arrive(`${round}${i} `);
        queuePartialSave(answer as unknown as Generation);
      }
      // Chunks of other streams would run here: count the event loop's turns while the text is saved.
      let turns = 0;
      let saving = true;
      const turn = () => {
        if (!saving) return;
        turns++;
        setImmediate(turn);
      };
      setImmediate(turn);
      await flushPartialSaves();
      saving = false;
      // Three batches: at least two turns between them (one transaction would give none on SQLite).
      expect(turns).toBeGreaterThanOrEqual(2);
    }

    const rows = new Map(
      (await messageRows({ databaseUrl: process.env.DATABASE_URL ?? "" })).map((row) => [row.id, row]),
    );
    for (const [i, answer] of answers.entries()) {
      const row = rows.get(answer.id);
      expect(row?.status).toBe("streaming");
      // An answer that ended is stored whole by its end, never by a partial save.
      expect(row?.content).toBe(answer === ended ? "" : `a${i} b${i} `);
    }
  });
});
