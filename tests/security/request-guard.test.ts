import { describe, expect, it } from "vitest";
import { isAllowedHost, pageCsp, refuseRequest } from "@/lib/security/request-guard";

const policy = { allowedHosts: ["lumia.example.com"], allowedOrigins: ["https://app.example.org"] };
const refuse = (method: string, path: string, headers: Record<string, string>) =>
  refuseRequest({ method, path, headers: { host: "127.0.0.1:3000", ...headers }, policy });

describe("the Host allowlist (DNS rebinding)", () => {
  it("answers loopback names, IP literals, single-label names and configured names, on any port", () => {
    for (const host of [
      "lumia",
      "nas:3000",
      "localhost:3000",
      "LOCALHOST",
      "app.localhost:3000",
      "127.0.0.1:3000",
      "[::1]:3000",
      "192.168.1.5",
      "lumia.example.com:8443",
    ]) {
      expect(isAllowedHost({ host, allowedHosts: policy.allowedHosts }), host).toBe(true);
    }
  });

  it("refuses any other name with 421 and says how to allow it", () => {
    const refusal = refuse("GET", "/api/memory", { host: "rebind.attacker.example:3000" });
    expect(refusal).toMatchObject({ status: 421, body: { code: "host_not_allowed" } });
    expect(refusal?.body.error).toContain("LUMIA_ALLOWED_HOSTS");
    expect(refuse("GET", "/", { host: "" })?.status).toBe(421);
    expect(refuse("GET", "/", { host: "lumia.attacker.example" })?.status).toBe(421);
    expect(refuse("GET", "/", { host: "evil_name" })?.status).toBe(421);
  });
});

describe("cross-site browser requests", () => {
  it("refuses state-changing requests from another site, by Sec-Fetch-Site or by Origin", () => {
    expect(refuse("POST", "/api/memory", { "sec-fetch-site": "cross-site" })?.status).toBe(403);
    expect(
      refuse("POST", "/api/memory", { "sec-fetch-site": "same-site", origin: "http://127.0.0.1:8080" })
        ?.status,
    ).toBe(403);
    expect(refuse("DELETE", "/api/threads/x", { origin: "http://evil.example" })?.status).toBe(403);
    expect(refuse("POST", "/chat/stream", { origin: "null" })?.status).toBe(403);
    expect(refuse("POST", "/api/memory", { "sec-fetch-site": "cross-site" })?.body.code).toBe(
      "cross_site_request",
    );
  });

  it("refuses API reads and streams from another site, but not a link to a page", () => {
    expect(refuse("GET", "/api/memory", { "sec-fetch-site": "cross-site" })?.status).toBe(403);
    expect(refuse("GET", "/threads/t/messages/m/stream", { "sec-fetch-site": "cross-site" })?.status).toBe(
      403,
    );
    expect(refuse("GET", "/", { "sec-fetch-site": "cross-site" })).toBeUndefined();
    expect(refuse("GET", "/diagnostics", { "sec-fetch-site": "cross-site" })).toBeUndefined();
  });

  it("lets Lumia's own pages, typed URLs, non-browser clients and listed origins through", () => {
    expect(
      refuse("POST", "/api/memory", { "sec-fetch-site": "same-origin", origin: "http://127.0.0.1:3000" }),
    ).toBeUndefined();
    // Behind a proxy the Host differs from the page's origin; the browser's verdict still holds.
    expect(
      refuse("POST", "/api/memory", { "sec-fetch-site": "same-origin", origin: "https://lumia.example.com" }),
    ).toBeUndefined();
    expect(refuse("GET", "/api/health", { "sec-fetch-site": "none" })).toBeUndefined();
    expect(refuse("POST", "/chat/stream", {})).toBeUndefined();
    expect(
      refuse("POST", "/v1/chat/completions", {
        "sec-fetch-site": "cross-site",
        origin: "https://app.example.org",
      }),
    ).toBeUndefined();
    expect(
      refuse("OPTIONS", "/v1/chat/completions", {
        "sec-fetch-site": "cross-site",
        origin: "http://evil.example",
      }),
    ).toBeUndefined();
  });

  it("without Sec-Fetch-Site, compares Origin with the host the browser asked for", () => {
    expect(refuse("POST", "/api/memory", { origin: "http://127.0.0.1:3000" })).toBeUndefined();
    expect(refuse("POST", "/api/memory", { origin: "http://127.0.0.1:3001" })?.status).toBe(403);
    expect(
      refuse("POST", "/api/memory", {
        origin: "https://lumia.example.com",
        "x-forwarded-host": "lumia.example.com",
      }),
    ).toBeUndefined();
  });
});

describe("the page CSP", () => {
  it("allows scripts only with the nonce, no framing, images only from here", () => {
    const csp = pageCsp({ nonce: "abc" });
    expect(csp).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("img-src 'self' data: blob:");
  });
});
