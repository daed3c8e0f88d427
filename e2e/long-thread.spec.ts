import { expect, test } from "@playwright/test";
import { emu, seedThread } from "./emulator";
import { ChatPage } from "./pages/chat-page";

test("a 200-message thread: streaming re-renders only the answer being written", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const id = await seedThread({ baseURL: baseURL ?? "", exchanges: 100 });
  const chat = new ChatPage(page);
  await chat.goto(`/c/${id}`);
  await expect(chat.userMessages).toHaveCount(100);
  await expect(chat.assistantMessages).toHaveCount(100);

  const renders = () =>
    page.evaluate(() =>
      [...document.querySelectorAll('[data-testid^="message-"]')].map((el) =>
        Number(el.getAttribute("data-renders")),
      ),
    );
  const before = await renders();
  await chat.send(`Stream into a long thread ${emu({ replyTokens: 60, tokenIntervalMs: 30 })}`);
  await chat.waitForAnswer("done");
  const after = await renders();

  // Old messages: the previous last user message and answer lose their edit/regenerate action once; all
  // others must not render at all, whatever the number of chunks.
  const old = before.length;
  const changed = before.map((count, i) => (after[i] ?? 0) - count);
  const rerenderedOld = changed.slice(0, old - 2).filter((delta) => delta !== 0).length;
  const lastTwo = changed.slice(old - 2);
  const streamedRenders = after[after.length - 1] ?? 0;
  console.log(
    `[long thread] ${old} old messages: ${rerenderedOld} re-rendered; previous last pair +${lastTwo.join("/+")}; ` +
      `the streamed answer rendered ${streamedRenders} times for 60 chunks`,
  );
  expect(rerenderedOld).toBe(0);
  for (const delta of lastTwo) expect(delta).toBeLessThanOrEqual(2);
  // It did render while streaming, and never more than once per chunk (renders are coalesced per frame).
  expect(streamedRenders).toBeGreaterThan(1);
  expect(streamedRenders).toBeLessThanOrEqual(60 + 3);
});
