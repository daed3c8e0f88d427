import type { Locale } from "@/lib/i18n/messages";
import type { StreamCheck, StreamCheckRun } from "./check-stream";
import { describeEvidence } from "./describe-evidence";
import { formatSeedLines } from "./format-seed-lines";
import { fixFor } from "./proxy-fixes";

// The seed's monitoring lines and the measurements stay in English, as dashboards and greps expect them.
const words = {
  en: {
    realTime: "✅ Verdict: real time — chunks arrive as they are made.",
    buffered: "⚠️ Verdict: buffered — something between Lumia and you holds the chunks back.",
    error: "❌ Error",
    verdicts: "🧾 Verdicts",
    verdictOf: { "real-time": "real time", buffered: "buffered", error: "error" },
    proxy: "🧭 Proxy",
    likely: "likely",
    noneNamed: "none named",
    fixFor: "🔧 Fix for",
    fixUnknown: "🔧 Fix: nothing names the proxy, so check these in whatever is in between",
    more: "More",
  },
  sv: {
    realTime: "✅ Bedömning: realtid — bitarna kommer medan de skapas.",
    buffered: "⚠️ Bedömning: buffrad — något mellan Lumia och dig håller kvar bitarna.",
    error: "❌ Fel",
    verdicts: "🧾 Bedömningar",
    verdictOf: { "real-time": "realtid", buffered: "buffrad", error: "fel" },
    proxy: "🧭 Proxy",
    likely: "troligen",
    noneNamed: "ingen utpekad",
    fixFor: "🔧 Åtgärd för",
    fixUnknown: "🔧 Åtgärd: inget pekar ut proxyn, så kontrollera detta i det som står emellan",
    more: "Mer",
  },
} satisfies Record<Locale, unknown>;

/** One check's report: the request, the seed's three lines, the largest gap, the reads and the verdict. */
export function formatCheck({ check, locale = "en" }: { check: StreamCheck; locale?: Locale }): string {
  const t = words[locale];
  const { analysis } = check;
  const lines = [
    `🔎 ${check.url} — Accept-Encoding: ${check.encoding} (HTTP ${check.status}, ${check.contentEncoding})`,
    ...formatSeedLines(analysis),
    `📊 Largest gap between chunks: ${(analysis.maxGapMs / 1000).toFixed(3)}s`,
    `📡 Network reads carrying chunks: ${analysis.readsWithChunks} of ${check.totalReads} reads`,
  ];
  if (check.error) {
    lines.push(`${t.error}: ${check.error}`);
  } else if (analysis.verdict === "real-time") {
    lines.push(t.realTime);
  } else {
    lines.push(t.buffered);
    for (const reason of analysis.reasons) lines.push(`   - ${reason}`);
  }
  return lines.join("\n");
}

/**
 * The CLI's report: each check, then the proxy the evidence names and, when a check was buffered,
 * that proxy's own fix (or a generic checklist when nothing names it), then one verdict per encoding.
 */
export function formatRun({ run, locale = "en" }: { run: StreamCheckRun; locale?: Locale }): string {
  const t = words[locale];
  const blocks = run.checks.map((check) => formatCheck({ check, locale }));
  const measured = run.checks.filter((check) => !check.error);
  const buffered = measured.find((check) => check.analysis.verdict === "buffered");
  // The buffered check's evidence explains the hold-up; otherwise any check names the proxy as well.
  const { detection } = buffered ?? measured[0] ?? {};
  const tail: string[] = [];
  if (detection && (buffered || detection.proxy !== "unknown")) {
    const fix = fixFor(detection);
    const seen = detection.evidence.map((evidence) => describeEvidence({ evidence, locale }));
    const name =
      detection.proxy === "unknown"
        ? t.noneNamed
        : `${fix.label}${detection.certainty === "likely" ? ` (${t.likely})` : ""}`;
    tail.push(`${t.proxy}: ${name}${seen.length > 0 ? ` — ${seen.join("; ")}` : ""}`);
    if (buffered) {
      tail.push(
        detection.proxy === "unknown"
          ? `${t.fixUnknown}:`
          : `${t.fixFor} ${fix.label}: ${fix.summary[locale]}`,
      );
      for (const step of fix.steps?.[locale] ?? []) tail.push(`   - ${step}`);
      for (const line of fix.snippet?.code.split("\n") ?? []) tail.push(line ? `      ${line}` : "");
      tail.push(`   ${t.more}: ${fix.docs}`);
    }
  }
  const verdicts = run.checks.map(
    (check) => `${check.encoding} ${t.verdictOf[check.error ? "error" : check.analysis.verdict]}`,
  );
  tail.push(`${t.verdicts}: ${verdicts.join(" · ")}`);
  return [...blocks, tail.join("\n")].join("\n\n");
}
