import { useI18n } from "@/lib/i18n/i18n-context";
import type { LikelyCause } from "./diagnose-buffering";

/** The diagnostics page's strings: kept beside the page, in the locale the app's I18nProvider picked. */
const en = {
  title: "Streaming diagnostics",
  intro:
    "Checks that answers reach this browser as they are written, not all at once at the end, and shows where the time to the first word goes.",
  backToChat: "Back to chat",
  language: "Language",
  paceTitle: "Streaming path",
  paceIntro: (chunks: number, interval: number) =>
    `Streams ${chunks} chunks, one every ${interval} ms, from the server to this page and times each arrival.`,
  chunks: "Chunks",
  interval: "Interval (ms)",
  run: "Run test",
  running: "Testing…",
  runAgain: "Run again",
  notRun: "Not run yet",
  realTime: "Real time",
  buffered: "Buffered",
  realTimeBody: "Chunks arrived one by one, at the pace the server sent them.",
  bufferedBody: "Chunks were held back on the way and arrived in bursts.",
  firstChunk: "First chunk",
  avgGap: "Average gap",
  maxGap: "Largest gap",
  reads: "Network reads",
  readsOf: (reads: number, chunks: number) =>
    `${reads} ${reads === 1 ? "read" : "reads"} carried ${chunks} ${chunks === 1 ? "chunk" : "chunks"}`,
  expectedGap: (ms: number) => `expected ${ms} ms`,
  encoding: "Content encoding",
  seedLines: "Monitoring lines",
  timeline: "Arrival timeline",
  timelineExpected: "Expected (interval after the first chunk)",
  timelineActual: "Actual arrival",
  timelineReads: "Network read",
  timelineAxis: "time since the request",
  timelineChunks: "chunks",
  timelineLabel: (n: number) => `Arrival of ${n} chunks: expected against actual`,
  why: "Why",
  likelyCause: "Likely cause",
  causeTitle: (cause: Exclude<LikelyCause["id"], "proxy-buffering">) =>
    ({
      compression: "A proxy compresses the stream",
      cdn: "A CDN holds the stream back",
      "busy-page": "This browser was busy during the test",
      "late-server": "The server fell behind its own pace",
    })[cause],
  proxyBufferingTitle: (proxy: string | null, likely: boolean) =>
    proxy
      ? `A reverse proxy (${proxy}${likely ? ", likely" : ""}) holds the response back`
      : "A reverse proxy holds the response back",
  proxyBufferingUnknown:
    "Something between Lumia and this browser collects the response before passing it on, and neither the headers nor the arrival pattern name it. The checklist under “How to fix it” covers what to look for.",
  causeBody: (cause: Exclude<LikelyCause["id"], "proxy-buffering">) =>
    ({
      compression:
        "Lumia never compresses its streams, so something in between did. A compressor waits to fill a block before it sends anything.",
      cdn: "CDNs may cache or buffer text/event-stream responses and optimise them on the way.",
      "busy-page":
        "The page's main thread was blocked (long tasks), so it picked up several network reads at once. Close heavy tabs and run the test again before changing any proxy.",
      "late-server":
        "The server sent some chunks late and then back to back, so they shared network reads. A busy CPU on the server does this; run the test again when it is quieter.",
    })[cause],
  evidence: "seen",
  compressedButFlushed: (encoding: string) =>
    `The stream was compressed (${encoding}) on the way, but flushed after every event: no harm done.`,
  fixTitle: "How to fix it",
  fixIntro: "Settings that let a proxy pass each event on as soon as Lumia writes it.",
  fixDetected: "detected",
  otherProxy: "Other",
  untested: "Written from this proxy's documentation; Lumia's tests do not run it.",
  docsAt: "Explained, with the config Lumia's tests run, in",
  errorTitle: "The test did not finish",
  serverGap: (gap: string) => `at the server: ${gap}`,
  modelTitle: "Time to first token",
  modelIntro:
    "Streams one short real answer from the chosen model and splits the wait for its first word into Ollama's model load, Ollama's prompt evaluation, and the rest (Lumia's server and the network).",
  model: "Model",
  noModels: "No chat models installed",
  runModel: "Run model check",
  load: "Model load",
  promptEval: "Prompt evaluation",
  rest: "Server + network",
  firstToken: "First token",
  tokensPerSecond: "tokens/s",
  total: "Total",
  answer: "Answer",
  report: "Report",
  reportIntro: "Everything above as JSON, for a bug report.",
  copyReport: "Copy report",
  copied: "Copied",
  showReport: "Show the report",
};

export type DiagnosticsStrings = typeof en;

const sv: DiagnosticsStrings = {
  title: "Strömningsdiagnostik",
  intro:
    "Kontrollerar att svaren når den här webbläsaren medan de skrivs, inte allt på en gång i slutet, och visar vart tiden till första ordet går.",
  backToChat: "Tillbaka till chatten",
  language: "Språk",
  paceTitle: "Strömningsvägen",
  paceIntro: (chunks, interval) =>
    `Strömmar ${chunks} bitar, en var ${interval}:e ms, från servern till sidan och tar tid på varje ankomst.`,
  chunks: "Bitar",
  interval: "Intervall (ms)",
  run: "Kör testet",
  running: "Testar…",
  runAgain: "Kör igen",
  notRun: "Inte kört än",
  realTime: "Realtid",
  buffered: "Buffrad",
  realTimeBody: "Bitarna kom en och en, i den takt servern skickade dem.",
  bufferedBody: "Bitarna hölls kvar på vägen och kom i klumpar.",
  firstChunk: "Första biten",
  avgGap: "Snittlucka",
  maxGap: "Största lucka",
  reads: "Nätverksläsningar",
  readsOf: (reads, chunks) =>
    `${reads} ${reads === 1 ? "läsning" : "läsningar"} bar ${chunks} ${chunks === 1 ? "bit" : "bitar"}`,
  expectedGap: (ms) => `väntat ${ms} ms`,
  encoding: "Innehållskodning",
  seedLines: "Övervakningsrader",
  timeline: "Ankomsttidslinje",
  timelineExpected: "Väntat (intervall efter första biten)",
  timelineActual: "Faktisk ankomst",
  timelineReads: "Nätverksläsning",
  timelineAxis: "tid sedan anropet",
  timelineChunks: "bitar",
  timelineLabel: (n) => `Ankomst för ${n} bitar: väntat mot faktiskt`,
  why: "Varför",
  likelyCause: "Trolig orsak",
  causeTitle: (cause) =>
    ({
      compression: "En proxy komprimerar strömmen",
      cdn: "Ett CDN håller kvar strömmen",
      "busy-page": "Webbläsaren var upptagen under testet",
      "late-server": "Servern hann inte med sin egen takt",
    })[cause],
  proxyBufferingTitle: (proxy, likely) =>
    proxy
      ? `En omvänd proxy (${proxy}${likely ? ", troligen" : ""}) håller kvar svaret`
      : "En omvänd proxy håller kvar svaret",
  proxyBufferingUnknown:
    "Något mellan Lumia och den här webbläsaren samlar ihop svaret innan det skickas vidare, och varken rubrikerna eller ankomstmönstret pekar ut det. Checklistan under ”Så åtgärdar du det” visar vad du ska leta efter.",
  causeBody: (cause) =>
    ({
      compression:
        "Lumia komprimerar aldrig sina strömmar, så något på vägen gjorde det. En komprimerare väntar på att fylla ett block innan den skickar något.",
      cdn: "CDN:er kan cacha eller buffra text/event-stream-svar och optimera dem på vägen.",
      "busy-page":
        "Sidans huvudtråd var blockerad (långa uppgifter), så den hämtade flera nätverksläsningar på en gång. Stäng tunga flikar och kör testet igen innan du ändrar någon proxy.",
      "late-server":
        "Servern skickade några bitar sent och sedan i klump, så de delade nätverksläsningar. En upptagen processor på servern gör så; kör testet igen när det är lugnare.",
    })[cause],
  evidence: "sett",
  compressedButFlushed: (encoding) =>
    `Strömmen komprimerades (${encoding}) på vägen men skickades vidare efter varje händelse: ingen skada skedd.`,
  fixTitle: "Så åtgärdar du det",
  fixIntro: "Inställningar som låter en proxy skicka vidare varje händelse så fort Lumia skriver den.",
  fixDetected: "upptäckt",
  otherProxy: "Annan",
  untested: "Skrivet efter proxyns dokumentation; Lumias tester kör den inte.",
  docsAt: "Förklarat, med konfigurationen som Lumias tester kör, i",
  errorTitle: "Testet blev inte klart",
  serverGap: (gap) => `vid servern: ${gap}`,
  modelTitle: "Tid till första token",
  modelIntro:
    "Strömmar ett kort riktigt svar från vald modell och delar upp väntan på första ordet i Ollamas modelladdning, Ollamas promptutvärdering och resten (Lumias server och nätverket).",
  model: "Modell",
  noModels: "Inga chattmodeller installerade",
  runModel: "Kör modelltestet",
  load: "Modelladdning",
  promptEval: "Promptutvärdering",
  rest: "Server + nätverk",
  firstToken: "Första token",
  tokensPerSecond: "token/s",
  total: "Totalt",
  answer: "Svar",
  report: "Rapport",
  reportIntro: "Allt ovan som JSON, för en felrapport.",
  copyReport: "Kopiera rapporten",
  copied: "Kopierad",
  showReport: "Visa rapporten",
};

const tables = { en, sv } as const;

/** The page's strings in the current UI language. */
export function useDiagnosticsStrings(): DiagnosticsStrings {
  return tables[useI18n().locale];
}
