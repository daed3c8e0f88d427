"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { type BufferingDiagnosis, diagnoseBuffering } from "@/components/diagnostics/diagnose-buffering";
import {
  type BrowserMeasurement,
  finalEventOf,
  recordSseFetch,
} from "@/components/diagnostics/record-sse-fetch";
import type { StreamStats } from "@/lib/stream/events";
import { analyzeArrivals } from "@/lib/stream-check/analyze-arrivals";
import { formatSeedLines } from "@/lib/stream-check/format-seed-lines";
import { chunkTextOf } from "@/lib/stream-check/text-chunk";
import type { ArrivalAnalysis } from "@/lib/stream-check/types";

/** The known pace of the synthetic stream; the server caps chunks at 1000 and the interval at 5 s. */
export type PaceSettings = { chunks: number; intervalMs: number };

export const DEFAULT_PACE: PaceSettings = { chunks: 40, intervalMs: 50 };

/** The short question of the model check: a few tokens are enough to time the first one. */
export const MODEL_CHECK_PROMPT = "Say hello in one short sentence.";

/** The pace check: what arrived when, and what the analysis made of it. */
export type PaceResult = {
  settings: PaceSettings;
  measurement: BrowserMeasurement;
  analysis: ArrivalAnalysis;
  seedLines: [string, string, string];
  diagnosis: BufferingDiagnosis;
  /** Arrival of each chunk (ms since the request started) and the index of the read that carried it. */
  chunks: { at: number; readIndex: number }[];
  /** The server's own timing from the `done` event. */
  serverStats: Partial<StreamStats> | null;
};

/** The model check: the client's time to first token, split into Ollama's figures and the rest. */
export type ModelResult = {
  model: string;
  measurement: BrowserMeasurement;
  firstChunkMs: number | null;
  loadMs: number | null;
  promptEvalMs: number | null;
  /** Server and network: the client's first chunk minus load and prompt evaluation. */
  restMs: number | null;
  text: string;
  serverStats: Partial<StreamStats> | null;
};

export type CheckState<R> = {
  status: "idle" | "running" | "done" | "error";
  result: R | null;
  error: string | null;
};

const idle = { status: "idle", result: null, error: null } as const;
const running = { status: "running", result: null, error: null } as const;

/**
 * Owns the two measurements of the diagnostics page: one request at a time per check, aborted when a new
 * run starts or the page goes away. Nothing renders while a measurement runs: a busy main thread makes
 * the browser hand over several network reads at once, which would look like buffering.
 */
export function useStreamSelfTest() {
  const [pace, setPace] = useState<CheckState<PaceResult>>(idle);
  const [model, setModel] = useState<CheckState<ModelResult>>(idle);
  const controllers = useRef<{ pace?: AbortController; model?: AbortController }>({});

  useEffect(() => {
    const current = controllers.current;
    return () => {
      current.pace?.abort();
      current.model?.abort();
    };
  }, []);

  const runPace = useCallback(async (settings: PaceSettings) => {
    const controller = restart(controllers.current, "pace");
    setPace(running);
    const query = new URLSearchParams({
      chunks: String(settings.chunks),
      interval_ms: String(settings.intervalMs),
    });
    const measurement = await recordSseFetch({
      url: `/memory/test/stream?${query}`,
      signal: controller.signal,
    });
    if (controller.signal.aborted) return;
    const result = toPaceResult({ settings, measurement });
    const error = measurement.error ?? finalEventOf(measurement.events).error?.error ?? null;
    setPace({ status: error ? "error" : "done", result, error });
  }, []);

  const runModel = useCallback(async ({ model: name }: { model: string }) => {
    const controller = restart(controllers.current, "model");
    setModel(running);
    const measurement = await recordSseFetch({
      url: "/memory/chat/fast",
      init: {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ message: MODEL_CHECK_PROMPT, model: name }),
      },
      signal: controller.signal,
    });
    if (controller.signal.aborted) return;
    const result = toModelResult({ model: name, measurement });
    const error = measurement.error ?? finalEventOf(measurement.events).error?.error ?? null;
    setModel({ status: error ? "error" : "done", result, error });
  }, []);

  return { pace, model, runPace, runModel };
}

function restart(controllers: { pace?: AbortController; model?: AbortController }, key: "pace" | "model") {
  controllers[key]?.abort();
  const controller = new AbortController();
  controllers[key] = controller;
  return controller;
}

function toPaceResult({
  settings,
  measurement,
}: {
  settings: PaceSettings;
  measurement: BrowserMeasurement;
}): PaceResult {
  const analysis = analyzeArrivals({ events: measurement.events });
  const serverStats = finalEventOf(measurement.events).stats ?? null;
  const chunks = measurement.events
    .filter((event) => chunkTextOf(event) !== undefined)
    .map(({ at, readIndex }) => ({ at, readIndex }));
  return {
    settings,
    measurement,
    analysis,
    seedLines: formatSeedLines(analysis),
    diagnosis: diagnoseBuffering({
      analysis,
      headers: measurement.headers,
      contentEncoding: measurement.contentEncoding,
      longTasks: measurement.longTasks,
      serverMaxGapMs: serverStats?.max_gap_ms ?? null,
      intervalMs: settings.intervalMs,
      chunks,
    }),
    chunks,
    serverStats,
  };
}

function toModelResult({
  model,
  measurement,
}: {
  model: string;
  measurement: BrowserMeasurement;
}): ModelResult {
  const { firstChunkMs } = analyzeArrivals({ events: measurement.events });
  const stats = finalEventOf(measurement.events).stats ?? null;
  const loadMs = stats ? (stats.load_ms ?? 0) : null;
  const promptEvalMs = stats ? (stats.prompt_eval_ms ?? 0) : null;
  const restMs =
    firstChunkMs !== null && loadMs !== null && promptEvalMs !== null
      ? Math.max(0, firstChunkMs - loadMs - promptEvalMs)
      : null;
  const text = measurement.events.map((event) => chunkTextOf(event) ?? "").join("");
  return { model, measurement, firstChunkMs, loadMs, promptEvalMs, restMs, text, serverStats: stats };
}
