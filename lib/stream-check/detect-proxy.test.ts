import { describe, expect, it } from "vitest";
import type { ArrivalPattern } from "./arrival-pattern";
import { detectProxy } from "./detect-proxy";

// Lumia's own stream headers, as measured straight from `npm start`.
const lumia = {
  "cache-control": "no-cache, no-transform",
  "content-type": "text/event-stream; charset=utf-8",
  "x-accel-buffering": "no",
  date: "Thu, 03 Dec 2026 07:26:12 GMT",
  "transfer-encoding": "chunked",
};
const lumiaRawNames = [
  "cache-control",
  "connection",
  "content-type",
  "x-accel-buffering",
  "Date",
  "Transfer-Encoding",
];
const spread: ArrivalPattern = { kind: "spread" };
const oneRead: ArrivalPattern = { kind: "one-read", chunks: 40, totalChunks: 40, atMs: 2010 };
const batches: ArrivalPattern = { kind: "batches", batches: 9, totalChunks: 40, everyMs: 250 };

describe("detectProxy", () => {
  it("names no proxy straight against Lumia", () => {
    expect(detectProxy({ headers: lumia, rawHeaderNames: lumiaRawNames, pattern: spread })).toEqual({
      proxy: "unknown",
      certainty: "none",
      evidence: [],
    });
  });

  it("names lighttpd by its Server header, not as Apache, with the Content-Length it added", () => {
    const headers = { ...lumia, "content-length": "1621", server: "lighttpd/1.4.69" };
    const detection = detectProxy({ headers, pattern: oneRead });
    expect(detection).toEqual({
      proxy: "lighttpd",
      certainty: "named",
      evidence: [
        { kind: "header", name: "Server", value: "lighttpd/1.4.69" },
        { kind: "content-length", value: "1621" },
        oneRead,
      ],
    });
  });

  it("names Apache, nginx and Caddy by their Server headers", () => {
    const proxyOf = (server: string) => detectProxy({ headers: { ...lumia, server }, pattern: spread }).proxy;
    expect(proxyOf("Apache/2.4.71 (Debian)")).toBe("apache");
    expect(proxyOf("nginx/1.22.1")).toBe("nginx");
    expect(proxyOf("openresty")).toBe("nginx");
    expect(proxyOf("Caddy")).toBe("caddy");
    expect(proxyOf("envoy")).toBe("envoy");
    // A server that merely contains "httpd" names nothing it could be sure of.
    expect(proxyOf("thttpd/2.29")).toBe("unknown");
  });

  it("names Varnish by X-Varnish and Via, and keeps Age as evidence", () => {
    const headers = { ...lumia, "x-varnish": "32770", age: "0", via: "1.1 varnish (Varnish/7.1)" };
    expect(detectProxy({ headers, pattern: oneRead })).toEqual({
      proxy: "varnish",
      certainty: "named",
      evidence: [
        { kind: "header", name: "X-Varnish", value: "32770" },
        { kind: "header", name: "Via", value: "1.1 varnish (Varnish/7.1)" },
        { kind: "header", name: "Age", value: "0" },
        oneRead,
      ],
    });
  });

  it("infers HAProxy from lower-case header names (Node client) although it sends no Server header", () => {
    const rawHeaderNames = [
      "vary",
      "cache-control",
      "content-type",
      "x-accel-buffering",
      "date",
      "transfer-encoding",
    ];
    expect(detectProxy({ headers: lumia, rawHeaderNames, pattern: spread })).toEqual({
      proxy: "haproxy",
      certainty: "likely",
      evidence: [{ kind: "no-server-header" }, { kind: "lowercase-header-names" }],
    });
  });

  it("infers HAProxy from fixed-interval batches where a browser cannot see header case", () => {
    expect(detectProxy({ headers: lumia, pattern: batches })).toEqual({
      proxy: "haproxy",
      certainty: "likely",
      evidence: [{ kind: "no-server-header" }, batches],
    });
  });

  it("does not guess HAProxy when a header names another proxy", () => {
    expect(detectProxy({ headers: { ...lumia, server: "nginx/1.22.1" }, pattern: batches }).proxy).toBe(
      "nginx",
    );
  });

  it("says unknown, with what happened, when a proxy held everything back without introducing itself", () => {
    expect(detectProxy({ headers: lumia, pattern: oneRead })).toEqual({
      proxy: "unknown",
      certainty: "none",
      evidence: [oneRead],
    });
  });

  it("puts the proxy nearest the client first: a CDN, then a cache, then the web server behind it", () => {
    const headers = {
      ...lumia,
      "cf-ray": "8a1b2c3d4e5f-ARN",
      server: "cloudflare",
      via: "1.1 varnish (Varnish/7.1)",
    };
    expect(detectProxy({ headers, pattern: spread }).proxy).toBe("cloudflare");
    const viaChain = {
      ...lumia,
      server: "nginx/1.22.1",
      via: "1.1 lumia-cache (squid/5.7), 1.1 edge (Varnish/7.1)",
    };
    expect(detectProxy({ headers: viaChain, pattern: spread }).proxy).toBe("varnish");
  });

  it("names Envoy by its upstream timing header", () => {
    const headers = { ...lumia, "x-envoy-upstream-service-time": "3" };
    expect(detectProxy({ headers, pattern: spread })).toMatchObject({ proxy: "envoy", certainty: "named" });
  });
});
