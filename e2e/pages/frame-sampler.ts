import type { Page } from "@playwright/test";

/** One animation frame's view of the answer being streamed. */
export interface FrameSample {
  /** Epoch milliseconds (performance.timeOrigin + performance.now()), comparable with emulator stamps. */
  at: number;
  length: number;
  state: string | null;
}

declare global {
  interface Window {
    __frameSamples?: FrameSample[];
    __stopSampling?: () => void;
  }
}

/**
 * Samples the last answer's rendered text length on every requestAnimationFrame, inside the page, so
 * the figures are what the user saw frame by frame, not what Playwright polled.
 */
export async function startFrameSampler(page: Page) {
  await page.evaluate(() => {
    const samples: FrameSample[] = [];
    let running = true;
    const tick = () => {
      if (!running) return;
      const answers = document.querySelectorAll('[data-testid="message-assistant"]');
      const last = answers[answers.length - 1];
      const text = last?.querySelector(".markdown")?.textContent ?? "";
      samples.push({
        at: performance.timeOrigin + performance.now(),
        length: text.length,
        state: last?.getAttribute("data-state") ?? null,
      });
      requestAnimationFrame(tick);
    };
    window.__frameSamples = samples;
    window.__stopSampling = () => {
      running = false;
    };
    requestAnimationFrame(tick);
  });
}

export async function stopFrameSampler(page: Page): Promise<FrameSample[]> {
  return page.evaluate(() => {
    window.__stopSampling?.();
    return window.__frameSamples ?? [];
  });
}

/** The figures the progressive-rendering test asserts on. */
export function analyseFrames({ samples, stamps }: { samples: FrameSample[]; stamps: number[] }) {
  const finalLength = Math.max(0, ...samples.map((s) => s.length));
  const distinctLengths = new Set(samples.filter((s) => s.length > 0).map((s) => s.length)).size;
  const firstText = samples.find((s) => s.length > 0);
  const complete = samples.find((s) => s.length === finalLength && finalLength > 0);
  const firstStamp = stamps[0] ?? Number.NaN;
  const lastStamp = stamps[stamps.length - 1] ?? Number.NaN;
  return {
    frames: samples.length,
    finalLength,
    distinctLengths,
    firstTextDelayMs: firstText ? firstText.at - firstStamp : Number.NaN,
    endDelayMs: complete ? complete.at - lastStamp : Number.NaN,
  };
}
