/** Accounts through Lumia's HTTP API (Better Auth under /api/auth), as a browser would use them. */

export interface SignedIn {
  cookie: string;
  userId: string;
}

/**
 * Headers of a cookie request from Lumia's own page: Better Auth refuses a cookie POST without an
 * `Origin` it trusts (its own CSRF check).
 */
export function asPage({ url, cookie }: { url: string; cookie?: string }): Record<string, string> {
  return { "content-type": "application/json", origin: url, ...(cookie ? { cookie } : {}) };
}

async function authPost({
  url,
  path,
  body,
  cookie,
}: {
  url: string;
  path: string;
  body: object;
  cookie?: string;
}) {
  const response = await fetch(`${url}/api/auth${path}`, {
    method: "POST",
    headers: asPage({ url, cookie }),
    body: JSON.stringify(body),
  });
  const text = await response.text();
  const json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  const session = response.headers
    .getSetCookie()
    .map((line) => line.split(";")[0] ?? "")
    .find((pair) => pair.startsWith("lumia.session_token="));
  return { status: response.status, json, cookie: session };
}

/** Creates an account; signed in when it is active at once (the first account, or approval off). */
export async function signUp({
  url,
  email,
  password = "correct horse battery",
  name = email.split("@")[0] ?? "User",
}: {
  url: string;
  email: string;
  password?: string;
  name?: string;
}) {
  const result = await authPost({ url, path: "/sign-up/email", body: { name, email, password } });
  return { ...result, userId: (result.json.user as { id?: string } | undefined)?.id };
}

export async function signIn({
  url,
  email,
  password = "correct horse battery",
}: {
  url: string;
  email: string;
  password?: string;
}) {
  return authPost({ url, path: "/sign-in/email", body: { email, password } });
}

/** Signs up or in and returns the session cookie; throws when that does not give a session. */
export async function signedIn({ url, email }: { url: string; email: string }): Promise<SignedIn> {
  const up = await signUp({ url, email });
  const result = up.cookie ? up : await signIn({ url, email });
  if (!result.cookie)
    throw new Error(`no session for ${email}: ${result.status} ${JSON.stringify(result.json)}`);
  const session = await (
    await fetch(`${url}/api/auth/get-session`, { headers: { cookie: result.cookie } })
  ).json();
  return { cookie: result.cookie, userId: session.user.id as string };
}

/** Creates an API key for the signed-in user and returns it (it is shown only this once). */
export async function createApiKey({
  url,
  cookie,
  name = "test",
}: {
  url: string;
  cookie: string;
  name?: string;
}) {
  const result = await authPost({ url, path: "/api-key/create", body: { name }, cookie });
  if (result.status !== 200)
    throw new Error(`creating a key failed: ${result.status} ${JSON.stringify(result.json)}`);
  return { key: result.json.key as string, id: result.json.id as string };
}

export { authPost };
