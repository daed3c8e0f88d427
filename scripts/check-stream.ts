/**
 * `npm run check-stream -- <base-url> [--endpoint /chat/stream] [--message "..."] [--json]`
 * Lumia's version of the seed's test_streaming_fix.py. Exit code: 0 real time, 1 buffered, 2 error.
 */
import { parseArgs } from "node:util";
import { checkStream, formatCheck } from "@/lib/stream-check/check-stream";

const usage =
  'Usage: npm run check-stream -- <base-url> [--endpoint /chat/stream] [--message "..."] [--json]';

let parsed: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    allowPositionals: true,
    options: {
      endpoint: { type: "string", default: "/chat/stream" },
      message: { type: "string" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
}
try {
  parsed = parse();
} catch (error) {
  console.error(`${error instanceof Error ? error.message : error}\n${usage}`);
  process.exit(2);
}

const [baseUrl] = parsed.positionals;
if (parsed.values.help || !baseUrl) {
  console.log(usage);
  process.exit(parsed.values.help ? 0 : 2);
}

const check = await checkStream({
  baseUrl,
  endpoint: parsed.values.endpoint,
  message: parsed.values.message,
});
console.log(parsed.values.json ? JSON.stringify(check, null, 2) : formatCheck(check));
process.exit(check.exitCode);
