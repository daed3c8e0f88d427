import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { describeEvidence } from "./describe-evidence";
import { PROXY_KINDS } from "./detect-proxy";
import { fixFor, genericFix, proxyFixes } from "./proxy-fixes";

const deploy = (file: string) =>
  readFileSync(path.resolve(import.meta.dirname, "../../deploy", file), "utf8").replace(/^\s*#.*$/gm, "");

describe("proxyFixes", () => {
  it("has a fix in English and Swedish for every proxy it can detect", () => {
    for (const kind of PROXY_KINDS) {
      const fix = proxyFixes[kind];
      expect(fix.summary.en.length).toBeGreaterThan(40);
      expect(fix.summary.sv.length).toBeGreaterThan(40);
      expect(fix.summary.sv).not.toBe(fix.summary.en);
      expect(fix.snippet ?? fix.steps).toBeDefined();
      expect(fix.steps?.sv.length ?? 0).toBe(fix.steps?.en.length ?? 0);
    }
    expect(genericFix.steps.sv).toHaveLength(genericFix.steps.en.length);
  });

  it("shows the generic checklist, not nginx's fix, for an unknown proxy", () => {
    expect(fixFor({ proxy: "unknown" })).toBe(genericFix);
    expect(fixFor({ proxy: "haproxy" })).toBe(proxyFixes.haproxy);
  });

  // The snippets are excerpts of the configs the proxy tests run: the settings that matter must agree.
  it.each([
    ["haproxy", "haproxy/haproxy.cfg", ["option http-no-delay", "option abortonclose", "timeout server 1h"]],
    ["lighttpd", "lighttpd/lumia.conf", ["server.stream-response-body = 2", '"port" => 3000']],
    [
      "varnish",
      "varnish/lumia.vcl",
      ["return (pipe);", "set beresp.do_gzip = false;", "set beresp.uncacheable = true;"],
    ],
    [
      "apache",
      "apache/lumia.conf",
      ["ProxyPass        / http://127.0.0.1:3000/ timeout=3600", "ProxyPreserveHost On"],
    ],
    ["caddy", "caddy/Caddyfile", ["encode zstd gzip", "reverse_proxy 127.0.0.1:3000"]],
    [
      "nginx",
      "nginx/lumia.conf",
      ["proxy_http_version 1.1;", 'proxy_set_header Connection "";', "proxy_read_timeout 3600s;"],
    ],
    ["traefik", "traefik/lumia.yml", ["- text/event-stream"]],
    ["envoy", "envoy/envoy.yaml", ["timeout: 0s", "idle_timeout: 3600s"]],
  ] as const)("%s's snippet agrees with deploy/%s", (kind, file, settings) => {
    const config = deploy(file);
    for (const setting of settings) {
      expect(proxyFixes[kind].snippet?.code).toContain(setting);
      expect(config).toContain(setting);
    }
  });

  it("marks Traefik and Envoy as untested, and only them", () => {
    const untested = PROXY_KINDS.filter((kind) => proxyFixes[kind].untested);
    expect(untested).toEqual(["traefik", "envoy"]);
  });
});

describe("describeEvidence", () => {
  it("says what was seen in English and Swedish", () => {
    const batches = { kind: "batches", batches: 9, totalChunks: 40, everyMs: 249.6 } as const;
    expect(describeEvidence({ evidence: batches, locale: "en" })).toBe(
      "40 chunks in 9 batches, one every ~250 ms",
    );
    expect(describeEvidence({ evidence: batches, locale: "sv" })).toBe(
      "40 bitar i 9 omgångar, en var ~250:e ms",
    );
    const oneRead = { kind: "one-read", chunks: 40, totalChunks: 40, atMs: 2049 } as const;
    expect(describeEvidence({ evidence: oneRead, locale: "sv" })).toBe(
      "40 av 40 bitar i en läsning efter 2,0 s",
    );
    const header = { kind: "header", name: "Server", value: "lighttpd/1.4.69" } as const;
    expect(describeEvidence({ evidence: header, locale: "sv" })).toBe("Server: lighttpd/1.4.69");
  });
});
