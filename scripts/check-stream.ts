/**
 * `npm run check-stream -- <base-url> [--endpoint /chat/stream] [--message "..."]
 *   [--encoding identity|gzip|both] [--lang en|sv] [--json]`
 * Lumia's version of the seed's test_streaming_fix.py. Checks once per client encoding (both by
 * default: a client without gzip can get a different stream than a browser), names the proxy in between
 * from the evidence and shows its fix. Exit code: 0 real time, 1 buffered, 2 error (the worst check).
 */
import { parseArgs } from "node:util";
import { type ClientEncoding, checkStreams } from "@/lib/stream-check/check-stream";
import { formatRun } from "@/lib/stream-check/format-check";

const usage =
  'Usage: npm run check-stream -- <base-url> [--endpoint /chat/stream] [--message "..."] ' +
  "[--encoding identity|gzip|both] [--lang en|sv] [--json]";

const encodingChoices: Record<string, ClientEncoding[]> = {
  identity: ["identity"],
  gzip: ["gzip"],
  both: ["identity", "gzip"],
};

function fail(message: string): never {
  console.error(`${message}\n${usage}`);
  process.exit(2);
}

let parsed: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    allowPositionals: true,
    options: {
      endpoint: { type: "string", default: "/chat/stream" },
      message: { type: "string" },
      encoding: { type: "string", default: "both" },
      lang: { type: "string", default: "en" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
}
try {
  parsed = parse();
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}

const [baseUrl] = parsed.positionals;
if (parsed.values.help || !baseUrl) {
  console.log(usage);
  process.exit(parsed.values.help ? 0 : 2);
}
const encodings = encodingChoices[parsed.values.encoding];
if (!encodings) fail(`--encoding must be identity, gzip or both, not ${parsed.values.encoding}`);
const locale = parsed.values.lang;
if (locale !== "en" && locale !== "sv") fail(`--lang must be en or sv, not ${locale}`);

const run = await checkStreams({
  baseUrl,
  endpoint: parsed.values.endpoint,
  message: parsed.values.message,
  encodings,
});
console.log(parsed.values.json ? JSON.stringify(run, null, 2) : formatRun({ run, locale }));
process.exit(run.exitCode);
