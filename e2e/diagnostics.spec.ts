import { expect, type Locator, type Page, test } from "@playwright/test";
import { type NginxMode, type RunningNginx, startNginx } from "../tests/helpers/nginx";
import type { RunningProxy } from "../tests/helpers/proxy-process";
import { proxyInstalled, startProxy, type TestedProxy } from "../tests/helpers/reverse-proxies/start-proxy";

/** The self-test page by its data-testids. */
class DiagnosticsPage {
  readonly run: Locator;
  readonly verdict: Locator;
  readonly reads: Locator;
  readonly firstChunk: Locator;
  readonly avgGap: Locator;
  readonly maxGap: Locator;
  readonly encoding: Locator;
  readonly timeline: Locator;
  readonly causes: Locator;
  readonly report: Locator;
  readonly modelCheck: Locator;

  constructor(readonly page: Page) {
    this.run = page.getByTestId("diag-run");
    this.verdict = page.getByTestId("diag-verdict");
    this.reads = page.getByTestId("diag-reads");
    this.firstChunk = page.getByTestId("diag-first-chunk");
    this.avgGap = page.getByTestId("diag-avg-gap");
    this.maxGap = page.getByTestId("diag-max-gap");
    this.encoding = page.getByTestId("diag-encoding");
    this.timeline = page.getByTestId("diag-timeline");
    this.causes = page.getByTestId("diag-causes");
    this.report = page.getByTestId("diag-report");
    this.modelCheck = page.getByTestId("diag-model-check");
  }

  /** Opens the page (from any origin: the app itself or a proxy in front of it) and waits for React. */
  async goto(base: string) {
    await this.page.goto(new URL("/diagnostics", base).href);
    await expect(this.page.locator("[data-hydrated]")).toBeVisible();
  }

  /** Runs the path check at the default pace (40 chunks, 50 ms) and waits for its verdict. */
  async runPaceCheck() {
    await this.run.click();
    await expect(this.verdict).toHaveAttribute("data-state", "running");
    await expect(this.verdict).toHaveAttribute("data-state", "done", { timeout: 20_000 });
  }

  async figures() {
    const value = async (locator: Locator) => Number(await locator.getAttribute("data-value"));
    return {
      verdict: await this.verdict.getAttribute("data-verdict"),
      reads: await value(this.reads),
      firstChunkMs: await value(this.firstChunk),
      avgGapMs: await value(this.avgGap),
      maxGapMs: await value(this.maxGap),
      encoding: await this.encoding.getAttribute("data-value"),
      chunks: Number(await this.timeline.getAttribute("data-chunks")),
      // The server's own gap figures, to tell its timer jitter from delays on the way.
      serverMaxGapMs: (await this.reportJson()).streamCheck.serverStats?.max_gap_ms ?? null,
    };
  }

  async reportJson() {
    return JSON.parse((await this.report.locator("pre").textContent()) ?? "") as {
      pageUrl: string;
      userAgent: string;
      streamCheck: {
        verdict: string;
        readsWithChunks: number;
        totalChunks: number;
        contentEncoding: string;
        serverStats: { max_gap_ms?: number | null } | null;
      };
      modelCheck: { loadMs: number; promptEvalMs: number; restMs: number; firstChunkMs: number } | null;
    };
  }

  /** Light and dark screenshots of the whole page, kept as test artifacts. */
  async screenshots(name: string) {
    const testInfo = test.info();
    for (const colorScheme of ["light", "dark"] as const) {
      await this.page.emulateMedia({ colorScheme });
      const path = testInfo.outputPath(`${name}-${colorScheme}.png`);
      await this.page.screenshot({ path, fullPage: true });
      await testInfo.attach(`${name}-${colorScheme}`, { path, contentType: "image/png" });
    }
    await this.page.emulateMedia({ colorScheme: null });
  }
}

function log(label: string, figures: Awaited<ReturnType<DiagnosticsPage["figures"]>>) {
  console.log(
    `[diagnostics] ${label}: ${figures.verdict}, ${figures.chunks} chunks in ${figures.reads} reads, ` +
      `first ${figures.firstChunkMs.toFixed(1)} ms, avg gap ${figures.avgGapMs.toFixed(1)} ms, ` +
      `max gap ${figures.maxGapMs.toFixed(1)} ms (server ${figures.serverMaxGapMs?.toFixed(1)} ms), ` +
      `encoding ${figures.encoding}`,
  );
}

function appBaseURL(): string {
  const base = test.info().project.use.baseURL;
  if (!base) throw new Error("playwright.config.ts sets no baseURL");
  return base;
}

test.describe("diagnostics page", () => {
  test("straight against the app the stream is real time, and the report says so", async ({
    page,
    context,
  }) => {
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(error.message));
    page.on("console", (message) => message.type() === "error" && problems.push(message.text()));
    const diagnostics = new DiagnosticsPage(page);
    await diagnostics.goto(appBaseURL());
    await diagnostics.runPaceCheck();
    const figures = await diagnostics.figures();
    log("direct", figures);
    expect(figures.verdict).toBe("real-time");
    expect(figures.chunks).toBe(40);
    expect(figures.reads).toBeGreaterThanOrEqual(20);
    expect(figures.avgGapMs).toBeGreaterThan(30);
    expect(figures.avgGapMs).toBeLessThan(120);
    expect(figures.encoding).toBe("identity");
    await expect(page.getByTestId("diag-seed-lines")).toContainText("📊 Total chunks: 40");

    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await page.getByTestId("diag-copy-report").click();
    const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText())) as Awaited<
      ReturnType<DiagnosticsPage["reportJson"]>
    >;
    expect(copied).toEqual(await diagnostics.reportJson());
    expect(copied.streamCheck.verdict).toBe("real-time");
    expect(copied.streamCheck.readsWithChunks).toBe(figures.reads);
    expect(copied.pageUrl).toBe(page.url());
    expect(copied.userAgent).toContain("Chrome");
    // Hydration mismatches and failed requests show up here.
    expect(problems).toEqual([]);
    await diagnostics.screenshots("direct");
  });

  const throughNginx: { mode: NginxMode; verdict: "real-time" | "buffered"; title: string }[] = [
    {
      mode: "hostile",
      verdict: "real-time",
      title: "through nginx with gzip on and default buffering, the page still sees real time",
    },
    {
      mode: "ignore-accel",
      verdict: "buffered",
      title: "negative control: nginx ignoring X-Accel-Buffering makes the page say buffered, and why",
    },
  ];
  for (const { mode, verdict, title } of throughNginx) {
    test.describe(`behind nginx (${mode})`, () => {
      let nginx: RunningNginx | undefined;
      test.beforeAll(async () => {
        nginx = await startNginx({ upstream: appBaseURL(), mode });
      });
      test.afterAll(async () => {
        await nginx?.stop();
      });

      test(title, async ({ page }) => {
        if (!nginx) throw new Error("nginx did not start");
        const diagnostics = new DiagnosticsPage(page);
        await diagnostics.goto(nginx.url);
        await diagnostics.runPaceCheck();
        const figures = await diagnostics.figures();
        log(`nginx ${mode}`, figures);
        expect(figures.chunks).toBe(40);
        // nginx compresses the stream in both modes: the page really went through it.
        expect(figures.encoding).toBe("gzip");
        expect(figures.verdict).toBe(verdict);
        if (verdict === "real-time") {
          expect(figures.reads).toBeGreaterThanOrEqual(20);
          await expect(diagnostics.causes).toHaveCount(0);
        } else {
          expect(figures.reads).toBeLessThanOrEqual(3);
          await expect(page.getByTestId("diag-reasons")).toContainText("network read");
          await expect(diagnostics.causes.locator("[data-cause]")).toHaveText([
            /reverse proxy/,
            /compresses/,
          ]);
          await expect(diagnostics.causes).toContainText("nginx/");
          await expect(page.getByRole("tab", { name: /nginx/ })).toHaveAttribute("aria-selected", "true");
          await expect(page.getByTestId("diag-fix-panel")).toHaveAttribute("data-proxy", "nginx");
          await expect(page.getByTestId("diag-fixes")).toContainText("proxy_ignore_headers");
        }
        await diagnostics.screenshots(`nginx-${mode}`);
      });
    });
  }

  // The naive configs that hold Lumia's streams back (tests/integration/proxies.test.ts measures them
  // all): the page must name each proxy from what a browser can see and open that proxy's own fix.
  const naiveBuffering: { proxy: TestedProxy; label: string; seen: RegExp; fix: string; sv: string }[] = [
    // No Server header at all: only the 250 ms batches point at HAProxy.
    {
      proxy: "haproxy",
      label: "HAProxy",
      seen: /batches/,
      fix: "option http-no-delay",
      sv: "lämnar små skrivningar",
    },
    // Its Server header contains "httpd": it must not be taken for Apache.
    {
      proxy: "lighttpd",
      label: "lighttpd",
      seen: /lighttpd\//,
      fix: "server.stream-response-body = 2",
      sv: "samlar ihop hela svaret",
    },
    {
      proxy: "varnish",
      label: "Varnish",
      seen: /X-Varnish/,
      fix: "set beresp.do_gzip = false;",
      sv: "komprimerar den",
    },
  ];
  for (const { proxy, label, seen, fix, sv } of naiveBuffering) {
    test.describe(`behind ${label}'s naive config`, () => {
      test.skip(!proxyInstalled({ proxy }), `${label} is not installed (.ci/run installs it): SKIPPED`);
      let running: RunningProxy | undefined;
      test.beforeAll(async () => {
        running = await startProxy({ proxy, variant: "naive", upstream: appBaseURL() });
      });
      test.afterAll(async () => {
        await running?.stop();
      });

      test(`the page says buffered, names ${label} and opens ${label}'s fix, in English and Swedish`, async ({
        page,
      }) => {
        if (!running) throw new Error(`${label} did not start`);
        const diagnostics = new DiagnosticsPage(page);
        await diagnostics.goto(running.url);
        await diagnostics.runPaceCheck();
        const figures = await diagnostics.figures();
        log(`${label} naive`, figures);
        expect(figures.chunks).toBe(40);
        expect(figures.verdict).toBe("buffered");
        const cause = diagnostics.causes.locator('[data-cause="proxy-buffering"]');
        await expect(cause).toHaveAttribute("data-proxy", proxy);
        await expect(cause).toContainText(label);
        await expect(cause).toContainText(seen);
        await expect(page.locator(`#diag-fix-tab-${proxy}`)).toHaveAttribute("aria-selected", "true");
        const panel = page.getByTestId("diag-fix-panel");
        await expect(panel).toHaveAttribute("data-proxy", proxy);
        await expect(panel).toContainText(fix);
        await expect(panel).not.toContainText("proxy_ignore_headers");
        await page.getByRole("combobox", { name: "Language" }).selectOption("sv");
        await expect(panel).toContainText(sv);
        await expect(cause).toContainText("håller kvar svaret");
        await diagnostics.screenshots(`${proxy}-naive`);
      });
    });
  }

  test("the model check splits the first token into model load, prompt evaluation and the rest", async ({
    page,
  }) => {
    const emulator = process.env.LUMIA_E2E_EMULATOR_URL;
    if (!emulator) throw new Error("playwright.config.ts sets no LUMIA_E2E_EMULATOR_URL");
    const control = (path: string, body: unknown) =>
      fetch(`${emulator}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    // A cold model that takes 600 ms to load, then the emulator's 150 ms of prompt evaluation.
    await control("/_emulator/reset", {});
    await control("/_emulator/config", { loadMs: 600, firstTokenDelayMs: 150, replyTokens: 12 });
    try {
      const diagnostics = new DiagnosticsPage(page);
      await diagnostics.goto(appBaseURL());
      // Let the path check that runs on load finish first: the two would share the server's CPU.
      await expect(diagnostics.verdict).toHaveAttribute("data-state", "done", { timeout: 20_000 });
      await expect(page.getByTestId("diag-model")).not.toHaveValue("");
      await page.getByTestId("diag-model-run").click();
      await expect(diagnostics.modelCheck).toHaveAttribute("data-state", "done", { timeout: 20_000 });
      const value = async (testId: string) =>
        Number(await page.getByTestId(testId).getAttribute("data-value"));
      const [first, load, prompt, rest] = await Promise.all(
        ["diag-model-first", "diag-model-load", "diag-model-prompt", "diag-model-rest"].map(value),
      );
      console.log(
        `[diagnostics] model check: first token ${first?.toFixed(1)} ms = load ${load} + prompt eval ${prompt} + rest ${rest?.toFixed(1)}`,
      );
      expect(load).toBeGreaterThanOrEqual(550);
      expect(load).toBeLessThan(900);
      expect(prompt).toBeGreaterThanOrEqual(120);
      expect(prompt).toBeLessThan(400);
      expect(rest).toBeGreaterThanOrEqual(0);
      expect(Math.abs((load ?? 0) + (prompt ?? 0) + (rest ?? 0) - (first ?? 0))).toBeLessThan(1);
      const report = await diagnostics.reportJson();
      expect(report.modelCheck).toMatchObject({ loadMs: load, promptEvalMs: prompt });
      await diagnostics.screenshots("model-check");
    } finally {
      await control("/_emulator/reset", {});
    }
  });
});
