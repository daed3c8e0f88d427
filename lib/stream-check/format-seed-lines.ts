import type { ArrivalAnalysis } from "./types";

/**
 * The seed's three monitoring lines, byte for byte, so old dashboards and greps keep working:
 * `⚡ First chunk received after: X.XXXs`, `📊 Average time between chunks: X.XXXs`, `📊 Total chunks: X`.
 * Without any chunk the first line reads `none`, since there is no time to print.
 */
export function formatSeedLines({
  firstChunkMs,
  avgGapMs,
  totalChunks,
}: Pick<ArrivalAnalysis, "firstChunkMs" | "avgGapMs" | "totalChunks">): [string, string, string] {
  return [
    `⚡ First chunk received after: ${firstChunkMs === null ? "none" : seconds(firstChunkMs)}`,
    `📊 Average time between chunks: ${seconds(avgGapMs)}`,
    `📊 Total chunks: ${totalChunks}`,
  ];
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(3)}s`;
}
