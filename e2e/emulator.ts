/** Per-request emulator settings, carried in the user's message (the emulator strips them). */
export interface EmulatorDirective {
  replyTokens?: number;
  tokenIntervalMs?: number;
  firstTokenDelayMs?: number;
  stampTokens?: boolean;
  oneShot?: boolean;
  fault?: "error-mid" | "stall" | "drop" | "error-before";
  faultAfterTokens?: number;
}

export const emu = (directive: EmulatorDirective) => `[[emu ${JSON.stringify(directive)}]]`;

/** The emulator's emit time of every stamped token (`⏱<epoch ms>` at the start of each token). */
export function readStamps(text: string): number[] {
  return [...text.matchAll(/⏱(\d+(?:\.\d+)?)/g)].map((match) => Number(match[1]));
}

/** Threads seeded through the API, quickly and without the UI (the server does the persisting). */
export async function seedThread({
  baseURL,
  exchanges,
}: {
  baseURL: string;
  exchanges: number;
}): Promise<string> {
  const created = await fetch(`${baseURL}/api/threads`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ title: `Long thread ${exchanges}` }),
  });
  const { id } = (await created.json()) as { id: string };
  for (let i = 1; i <= exchanges; i++) {
    const response = await fetch(`${baseURL}/api/chat`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        threadId: id,
        text: `say exactly: Answer number ${i}, short and sweet. ${emu({ tokenIntervalMs: 0, firstTokenDelayMs: 0 })}`,
      }),
    });
    if (!response.ok) throw new Error(`seeding failed: ${response.status} ${await response.text()}`);
    await response.text();
  }
  return id;
}
