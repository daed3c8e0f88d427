import type { Locale } from "@/lib/i18n/messages";
import type { ProxyEvidence } from "./detect-proxy";

const seconds = (ms: number, locale: Locale) => {
  const text = (ms / 1000).toFixed(1);
  return locale === "sv" ? text.replace(".", ",") : text;
};

/** One piece of evidence as a short phrase, for the CLI's proxy line and the page's likely causes. */
export function describeEvidence({ evidence, locale }: { evidence: ProxyEvidence; locale: Locale }): string {
  const sv = locale === "sv";
  switch (evidence.kind) {
    case "header":
      return `${evidence.name}: ${evidence.value}`;
    case "no-server-header":
      return sv ? "ingen Server- eller Via-rubrik" : "no Server or Via header";
    case "lowercase-header-names":
      return sv
        ? "rubriknamn med små bokstäver (date, inte Date), som HAProxy skriver dem"
        : "header names in lower case (date, not Date), as HAProxy writes them";
    case "content-length":
      return sv
        ? `Content-Length: ${evidence.value} på en händelseström: hela svaret samlades ihop innan det skickades`
        : `Content-Length: ${evidence.value} on an event stream: the whole response was collected before it was sent`;
    case "one-read":
      return sv
        ? `${evidence.chunks} av ${evidence.totalChunks} bitar i en läsning efter ${seconds(evidence.atMs, locale)} s`
        : `${evidence.chunks} of ${evidence.totalChunks} chunks in one read after ${seconds(evidence.atMs, locale)} s`;
    case "batches":
      return sv
        ? `${evidence.totalChunks} bitar i ${evidence.batches} omgångar, en var ~${Math.round(evidence.everyMs)}:e ms`
        : `${evidence.totalChunks} chunks in ${evidence.batches} batches, one every ~${Math.round(evidence.everyMs)} ms`;
  }
}
