/**
 * `npm start`: compiles scripts/start.ts, with the server code it imports, into one plain module
 * (dist/start.mjs, about a third of a second with esbuild) and runs it; cluster workers run the module
 * their primary compiled. Compiled rather than run through tsx, which turns source maps on for every
 * module it loads (Node then keeps each map with its sources: 64–76 MB more resident memory per server
 * process, measured idle in the bench) and keeps every function's name with a helper that gives each
 * closure a property store of its own (2 KB per open stream). Packages stay in node_modules;
 * only Lumia's own TypeScript is bundled. `NODE_OPTIONS=--enable-source-maps` maps stack traces back
 * to the sources.
 */
import cluster from "node:cluster";
import { mkdirSync, renameSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";

const dir = path.resolve(import.meta.dirname, "..");
const outfile = path.join(dir, "dist", "start.mjs");

if (cluster.isPrimary) await compile();
await import(pathToFileURL(outfile).href);

async function compile() {
  const { build, stop } = await import("esbuild");
  const result = await build({
    absWorkingDir: dir,
    entryPoints: [path.join(dir, "scripts", "start.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    packages: "external",
    target: `node${process.versions.node}`,
    sourcemap: "linked",
    logLevel: "warning",
    write: false,
  });
  // esbuild's service is a child process: the server must not keep it (nor its memory) for nothing.
  await stop();
  // Written beside and renamed into place: servers started at once from one checkout (tests) never
  // import a half-written module.
  mkdirSync(path.dirname(outfile), { recursive: true });
  const files = result.outputFiles.map((file) => ({ file, temp: `${file.path}.${process.pid}.tmp` }));
  await Promise.all(files.map(({ file, temp }) => writeFile(temp, file.contents)));
  // The map first: a module never points at a map that is not there yet.
  files.sort((a, b) => Number(b.file.path.endsWith(".map")) - Number(a.file.path.endsWith(".map")));
  for (const { file, temp } of files) renameSync(temp, file.path);
}
