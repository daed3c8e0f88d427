import { describe, expect, it } from "vitest";
import { corsHeaders, isCorsOriginAllowed, preflightHeaders } from "@/lib/http/cors";

const allowed = ["https://app.example.com", "http://localhost:5173"];

describe("CORS for the origins in LUMIA_CORS_ORIGINS", () => {
  it("allows exactly the listed origins", () => {
    expect(isCorsOriginAllowed({ origin: "https://app.example.com", allowed })).toBe(true);
    expect(isCorsOriginAllowed({ origin: "http://localhost:5173", allowed })).toBe(true);
    expect(isCorsOriginAllowed({ origin: "https://app.example.com.evil.test", allowed })).toBe(false);
    expect(isCorsOriginAllowed({ origin: "http://app.example.com", allowed })).toBe(false);
    expect(isCorsOriginAllowed({ origin: "null", allowed })).toBe(false);
    expect(isCorsOriginAllowed({ origin: undefined, allowed })).toBe(false);
    expect(isCorsOriginAllowed({ origin: "https://app.example.com", allowed: [] })).toBe(false);
  });

  it("echoes an allowed origin with credentials and Vary, never a wildcard; others get nothing", () => {
    expect(corsHeaders({ origin: "https://app.example.com", allowed })).toEqual({
      "Access-Control-Allow-Origin": "https://app.example.com",
      "Access-Control-Allow-Credentials": "true",
      "Access-Control-Expose-Headers": "Content-Type, X-Request-Id, Retry-After",
      Vary: "Origin",
    });
    expect(corsHeaders({ origin: "https://other.example.com", allowed })).toEqual({});
  });

  it("answers a preflight with the methods, the requested headers it accepts and a max-age", () => {
    const headers = preflightHeaders({
      origin: "https://app.example.com",
      requestHeaders: "Authorization, content-type, X-Stainless-OS, x-stainless-retry-count, x-evil",
      allowed,
    });
    expect(headers).toMatchObject({
      "Access-Control-Allow-Origin": "https://app.example.com",
      "Access-Control-Allow-Methods": "GET, POST, PUT, PATCH, DELETE, OPTIONS",
      "Access-Control-Allow-Headers": "authorization, content-type, x-stainless-os, x-stainless-retry-count",
      "Access-Control-Max-Age": "7200",
    });
    expect(
      preflightHeaders({ origin: "https://evil.test", requestHeaders: "authorization", allowed }),
    ).toEqual({
      Vary: "Origin",
    });
  });
});
