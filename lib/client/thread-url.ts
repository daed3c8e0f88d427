/** A thread's own address: `/c/{id}`. A new chat is `/`. */
export function threadPath(id: string | null): string {
  return id ? `/c/${encodeURIComponent(id)}` : "/";
}

/** The thread id in a path (`/c/{id}`), or null for any other path. */
export function threadIdFromPath(pathname: string | null): string | null {
  const match = /^\/c\/([^/]+)\/?$/.exec(pathname ?? "");
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}
