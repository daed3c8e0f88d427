import { readFileSync } from "node:fs";

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ, 100 on Linux). */
const USER_HZ = 100;

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat. */
export function cpuSeconds({ pid }: { pid: number }): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // The command name (field 2) may contain spaces: count fields from the closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // Fields 14 and 15 (utime, stime) are at 11 and 12 once pid and comm are gone.
  return (Number(fields[11]) + Number(fields[12])) / USER_HZ;
}

/** Resident set size in KiB, from /proc/<pid>/status. */
export function rssKb({ pid }: { pid: number }): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  return match ? Number(match[1]) : 0;
}

/** The 1-, 5- and 15-minute load averages. */
export function loadAverage(): [number, number, number] {
  const [one, five, fifteen] = readFileSync("/proc/loadavg", "utf8").split(" ").map(Number);
  return [one ?? 0, five ?? 0, fifteen ?? 0];
}

/** Samples a process's RSS every `everyMs` until stopped; returns the peak. */
export function sampleRss({ pid, everyMs = 100 }: { pid: number; everyMs?: number }) {
  let peakKb = rssKb({ pid });
  const timer = setInterval(() => {
    try {
      peakKb = Math.max(peakKb, rssKb({ pid }));
    } catch {
      // The process is gone; the peak so far stands.
    }
  }, everyMs);
  return {
    stop(): number {
      clearInterval(timer);
      return peakKb;
    },
  };
}
