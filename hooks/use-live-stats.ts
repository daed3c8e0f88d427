"use client";

import { useEffect, useState } from "react";
import { coalescePerFrame } from "@/lib/client/frame-chat";
import type { LiveStats, StreamMonitor } from "@/lib/client/stream-monitor";

/**
 * The monitor's figures, re-read at most once per frame when a chunk arrives and four times a second
 * otherwise, so elapsed time runs and a stall shows even when nothing arrives.
 */
export function useLiveStats({ monitor, active }: { monitor: StreamMonitor; active: boolean }): LiveStats {
  const [stats, setStats] = useState(() => monitor.snapshot());
  useEffect(() => {
    const update = coalescePerFrame(() => setStats(monitor.snapshot()));
    const unsubscribe = monitor.subscribe(update.schedule);
    const timer = active ? setInterval(update.schedule, 250) : undefined;
    update.schedule();
    return () => {
      unsubscribe();
      update.cancel();
      if (timer) clearInterval(timer);
    };
  }, [monitor, active]);
  return stats;
}
