"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { api } from "@/lib/client/api";
import type { PullJob } from "@/lib/client/types";

const POLL_MS = 400;

/**
 * The server's model pulls, followed while any runs (a pull started before a reload is picked up on
 * mount). When one ends, `onSettled` runs (the model list is stale then).
 */
export function useModelPulls({ onSettled }: { onSettled: () => void }) {
  const [pulls, setPulls] = useState<PullJob[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const latest = useRef(onSettled);
  latest.current = onSettled;
  const running = pulls.some((job) => job.state === "pulling");

  const refresh = useCallback(async () => {
    try {
      const next = (await api.pulls()).pulls;
      setPulls((previous) => {
        const ended = previous.some(
          (job) => job.state === "pulling" && next.find((n) => n.model === job.model)?.state !== "pulling",
        );
        if (ended) setTimeout(() => latest.current(), 0);
        return next;
      });
    } catch {
      // The health banner explains an unreachable server.
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => void refresh(), POLL_MS);
    return () => clearInterval(timer);
  }, [running, refresh]);

  const start = useCallback(
    async (model: string) => {
      setFailure(null);
      try {
        await api.startPull({ model });
      } catch (caught) {
        setFailure(caught instanceof Error ? caught.message : String(caught));
      }
      await refresh();
    },
    [refresh],
  );

  return { pulls, start, failure };
}
