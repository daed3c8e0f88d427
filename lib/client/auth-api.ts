/** An answer of one of the account endpoints: the JSON body, or the failure with its code. */
export type AuthResult<T> =
  | { ok: true; data: T }
  | { ok: false; status: number; code: string; message: string; retryAfter?: string };

/**
 * Calls Better Auth's endpoints under /api/auth (and Lumia's /api/admin): JSON in and out, errors as
 * `{status, code, message}` (Better Auth says `code` and `message`, Lumia `code` and `error`).
 */
export async function authCall<T>({
  path,
  method = "GET",
  body,
}: {
  path: string;
  method?: "GET" | "POST" | "PATCH";
  body?: unknown;
}): Promise<AuthResult<T>> {
  const response = await fetch(path, {
    method,
    cache: "no-store",
    headers: method === "GET" ? undefined : { "content-type": "application/json" },
    body: method === "GET" ? undefined : JSON.stringify(body ?? {}),
  });
  const text = await response.text();
  let json: Record<string, unknown> | null = null;
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : null;
  } catch {
    // Not JSON: the status says enough.
  }
  if (response.ok) return { ok: true, data: json as T };
  return {
    ok: false,
    status: response.status,
    code: typeof json?.code === "string" ? json.code : "",
    message: String(json?.message ?? json?.error ?? response.statusText),
    retryAfter: response.headers.get("retry-after") ?? undefined,
  };
}
