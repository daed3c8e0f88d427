import { readdirSync, readFileSync } from "node:fs";

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ, 100 on Linux). */
const USER_HZ = 100;

/**
 * A process and every process under it (Lumia with LUMIA_WORKERS > 1 is a primary and its workers),
 * from /proc/<pid>/task/<tid>/children. A process that exits between two reads is left out.
 */
export function processTree(pid: number): number[] {
  const found = [pid];
  for (let i = 0; i < found.length; i++) {
    const current = found[i] as number;
    try {
      for (const task of readdirSync(`/proc/${current}/task`)) {
        const children = readFileSync(`/proc/${current}/task/${task}/children`, "utf8").trim();
        if (children) found.push(...children.split(" ").map(Number));
      }
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
}

/** utime and stime of one process, in clock ticks. */
function ownTicks(pid: number): { user: number; system: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // The command name (field 2) may contain spaces: count fields from the closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // Fields 14 and 15 (utime, stime) are at 11 and 12 once pid and comm are gone.
  return { user: Number(fields[11]), system: Number(fields[12]) };
}

function ownCpuSeconds(pid: number): number {
  const { user, system } = ownTicks(pid);
  return (user + system) / USER_HZ;
}

function ownSystemCpuSeconds(pid: number): number {
  return ownTicks(pid).system / USER_HZ;
}

function ownRssKb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  return match ? Number(match[1]) : 0;
}

/** Sums `read` over the process tree of `pid`, skipping processes that exit while it reads. */
function overTree(pid: number, read: (pid: number) => number): number {
  let sum = 0;
  for (const each of processTree(pid)) {
    try {
      sum += read(each);
    } catch (error) {
      if (each === pid) throw error;
    }
  }
  return sum;
}

/**
 * CPU seconds (user + system) a process and its children have used so far, from /proc/<pid>/stat;
 * with `pids` (several instances), summed over all of them.
 */
export function cpuSeconds({ pid, pids = [pid] }: { pid: number; pids?: number[] }): number {
  return pids.reduce((sum, each) => sum + overTree(each, ownCpuSeconds), 0);
}

/** The kernel's part of `cpuSeconds` (stime): the socket reads and writes, identical work in any server. */
export function systemCpuSeconds({ pid, pids = [pid] }: { pid: number; pids?: number[] }): number {
  return pids.reduce((sum, each) => sum + overTree(each, ownSystemCpuSeconds), 0);
}

/** Resident set size in KiB of a process and its children (or of all `pids`), from /proc/<pid>/status. */
export function rssKb({ pid, pids = [pid] }: { pid: number; pids?: number[] }): number {
  return pids.reduce((sum, each) => sum + overTree(each, ownRssKb), 0);
}

/** The 1-, 5- and 15-minute load averages. */
export function loadAverage(): [number, number, number] {
  const [one, five, fifteen] = readFileSync("/proc/loadavg", "utf8").split(" ").map(Number);
  return [one ?? 0, five ?? 0, fifteen ?? 0];
}

/**
 * Samples a process's RSS every `everyMs` until stopped: the peak, and each sample with the number of
 * streams open when it was taken.
 */
export function sampleRss({
  pid,
  pids,
  everyMs = 100,
  openStreams = () => 0,
}: {
  pid: number;
  pids?: number[];
  everyMs?: number;
  openStreams?: () => number;
}) {
  let peakKb = rssKb({ pid, ...(pids ? { pids } : {}) });
  const samples: { rssKb: number; open: number }[] = [];
  const timer = setInterval(() => {
    try {
      const kb = rssKb({ pid, ...(pids ? { pids } : {}) });
      peakKb = Math.max(peakKb, kb);
      samples.push({ rssKb: kb, open: openStreams() });
    } catch {
      // The process is gone; the peak so far stands.
    }
  }, everyMs);
  return {
    stop(): { peakKb: number; samples: { rssKb: number; open: number }[] } {
      clearInterval(timer);
      return { peakKb, samples };
    },
  };
}

/**
 * RSS per open stream while (nearly) all of them are open: the median, over the samples taken with at
 * least 95 % of the peak number of streams open, of (RSS − idle) / open. Steadier than the peak, which
 * also catches garbage the collector has not reclaimed yet and requests queued during the ramp.
 */
export function steadyRssPerStreamKb({
  samples,
  idleKb,
}: {
  samples: { rssKb: number; open: number }[];
  idleKb: number;
}): number | null {
  const peakOpen = samples.reduce((max, sample) => Math.max(max, sample.open), 0);
  if (peakOpen === 0) return null;
  const perStream = samples
    .filter((sample) => sample.open >= 0.95 * peakOpen)
    .map((sample) => (sample.rssKb - idleKb) / sample.open)
    .sort((a, b) => a - b);
  return perStream[Math.floor(perStream.length / 2)] ?? null;
}
