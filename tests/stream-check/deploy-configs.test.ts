import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const docs = readFileSync(path.join(root, "docs/deploy.md"), "utf8");
const configs = readdirSync(path.join(root, "deploy"), { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile())
  .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)));

describe("docs/deploy.md", () => {
  it("covers every proxy config kept in deploy/", () => {
    expect(configs.sort()).toEqual([
      "deploy/apache/lumia.conf",
      "deploy/caddy/Caddyfile",
      "deploy/envoy/envoy.yaml",
      "deploy/haproxy/haproxy.cfg",
      "deploy/lighttpd/lumia.conf",
      "deploy/nginx/lumia.conf",
      "deploy/traefik/lumia.yml",
      "deploy/varnish/lumia.vcl",
    ]);
  });

  // The page shows the configs the tests run: every setting of each file, comments aside.
  it.each(configs)("shows every setting of %s", (file) => {
    const settings = readFileSync(path.join(root, file), "utf8")
      .split("\n")
      .map((line) => line.trimEnd())
      .filter((line) => line.trim() !== "" && !line.trim().startsWith("#"));
    const missing = settings.filter((line) => !docs.includes(line));
    expect(missing).toEqual([]);
  });

  it("marks the configs no test runs as untested", () => {
    expect(docs).toMatch(/^## Traefik \(untested here\)$/m);
    expect(docs).toMatch(/^## Envoy \(untested here\)$/m);
    for (const file of ["deploy/traefik/lumia.yml", "deploy/envoy/envoy.yaml"]) {
      expect(readFileSync(path.join(root, file), "utf8")).toContain("UNTESTED HERE");
    }
  });

  it("no longer recommends what did not hold on Apache 2.4", () => {
    expect(docs).not.toMatch(/^\s*SetEnvIfNoCase Content-Type/m);
    expect(docs).not.toMatch(/^\s*ProxyPass .*flushpackets=on/m);
  });
});
