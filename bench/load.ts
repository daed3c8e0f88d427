import http from "node:http";
import { StampReader, type WireMarkers } from "./stamp-reader";

/** Wall-clock epoch ms with sub-ms precision: the emulator's stamp clock (emulator/clock.ts). */
const epochMs = () => performance.timeOrigin + performance.now();

/** One stream to open: where, and the JSON body to POST. */
export interface StreamTarget {
  path: string;
  body: string;
}

/** What one phase measured, before it is summarized. */
export interface PhaseSamples {
  ok: number;
  failed: number;
  /** Failure reasons and how often each happened. */
  failures: Record<string, number>;
  /** Arrival minus emit stamp of every chunk received, ms. */
  chunkDelays: Float64Array;
  /** Request start to the first token's arrival, ms, per stream that got one. */
  firstText: Float64Array;
  /** First token's arrival minus its emit stamp, ms. */
  firstTextMinusEmit: Float64Array;
  peakOpen: number;
  durationMs: number;
}

/**
 * Opens `streams` streams spread evenly over `rampMs`, reads each to its end and records, per chunk,
 * arrival minus emit stamp. Lean on purpose, since it shares the 2 cores with the servers it measures:
 * node:http with an unlimited Agent, bodies scanned as bytes (no fetch, no web streams, no JSON).
 */
export function runPhase({
  baseUrl,
  streams,
  rampMs,
  tokens,
  timeoutMs,
  markers,
  target,
  live,
}: {
  baseUrl: string;
  streams: number;
  rampMs: number;
  tokens: number;
  timeoutMs: number;
  markers: WireMarkers;
  target: (index: number) => StreamTarget;
  /** Kept up to date with the streams open right now, for readers sampling during the phase. */
  live?: { open: number };
}): Promise<PhaseSamples> {
  const url = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  const chunkDelays = new Float64Array(streams * tokens);
  const firstText = new Float64Array(streams);
  const firstTextMinusEmit = new Float64Array(streams);
  const failures: Record<string, number> = {};
  let delayCount = 0;
  let firstCount = 0;
  let ok = 0;
  let started = 0;
  let settled = 0;
  let open = 0;
  let peakOpen = 0;
  const requests = new Set<http.ClientRequest>();
  const phaseStart = performance.now();

  return new Promise((resolve) => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(deadline);
      for (const request of requests) request.destroy();
      agent.destroy();
      const failed = streams - ok;
      resolve({
        ok,
        failed,
        failures,
        chunkDelays: chunkDelays.subarray(0, delayCount),
        firstText: firstText.subarray(0, firstCount),
        firstTextMinusEmit: firstTextMinusEmit.subarray(0, firstCount),
        peakOpen,
        durationMs: performance.now() - phaseStart,
      });
    };
    const deadline = setTimeout(() => {
      failures.timeout = (failures.timeout ?? 0) + (streams - settled);
      settled = streams;
      finish();
    }, timeoutMs);

    const settle = (request: http.ClientRequest, reason?: string) => {
      // After the deadline the streams still open were counted as timeouts; destroying them settles nothing.
      if (done || !requests.delete(request)) return;
      open--;
      if (live) live.open = open;
      settled++;
      if (reason) failures[reason] = (failures[reason] ?? 0) + 1;
      else ok++;
      if (settled === streams) finish();
    };

    const openStream = (index: number) => {
      const { path, body } = target(index);
      const startedAt = epochMs();
      let first = true;
      const reader = new StampReader(markers, (emittedAt, arrivedAt) => {
        if (delayCount < chunkDelays.length) chunkDelays[delayCount++] = arrivedAt - emittedAt;
        if (first) {
          first = false;
          firstText[firstCount] = arrivedAt - startedAt;
          firstTextMinusEmit[firstCount++] = arrivedAt - emittedAt;
        }
      });
      const request = http.request({
        host: url.hostname,
        port: url.port,
        path,
        method: "POST",
        agent,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
      });
      requests.add(request);
      open++;
      if (live) live.open = open;
      if (open > peakOpen) peakOpen = open;
      request.on("error", (error: NodeJS.ErrnoException) =>
        settle(request, `socket: ${error.code ?? error.message}`),
      );
      request.on("response", (response) => {
        if (response.statusCode !== 200) {
          response.resume();
          return settle(request, `status ${response.statusCode}`);
        }
        response.on("data", (data: Buffer) => reader.push(data, epochMs()));
        response.on("error", () => settle(request, "body error"));
        // After 'end' this is a no-op; without it, a connection cut mid-body settles here.
        response.on("close", () => settle(request, "closed early"));
        response.on("end", () => {
          if (reader.sawError)
            settle(request, `error event ${/"code":"(\w+)"/.exec(reader.errorText)?.[1] ?? ""}`);
          else if (!reader.sawDone) settle(request, "no done event");
          else if (reader.chunks !== tokens) settle(request, `chunks ${reader.chunks}/${tokens}`);
          else settle(request);
        });
      });
      request.end(body);
    };

    // Starts are paced against the clock, so a late timer catches up instead of stretching the ramp.
    const step = rampMs / streams;
    const tick = () => {
      const due =
        step === 0 ? streams : Math.min(streams, Math.floor((performance.now() - phaseStart) / step) + 1);
      while (started < due) openStream(started++);
      if (started < streams) setTimeout(tick, Math.max(1, Math.min(step, 10)));
    };
    tick();
  });
}
