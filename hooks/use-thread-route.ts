"use client";

import { usePathname } from "next/navigation";
import { useCallback, useEffect, useRef } from "react";
import { threadIdFromPath, threadPath } from "@/lib/client/thread-url";

/**
 * Keeps the shown thread and the address (`/c/{id}`) in step, in both directions: an address that
 * changes (a click in the list, Back, Forward, a bookmark) opens its thread; a thread that changes by
 * itself (the first message made one, a link led to a deleted one) replaces the address. Uses the
 * native history API, which Next's router follows, so the chat is never remounted or refetched.
 */
export function useThreadRoute({
  threadId,
  openThread,
}: {
  threadId: string | null;
  openThread: (id: string | null) => Promise<void> | void;
}): { navigate: (id: string | null) => void } {
  const pathname = usePathname();
  const routeId = threadIdFromPath(pathname);
  const current = useRef(threadId);
  current.current = threadId;

  useEffect(() => {
    if (routeId !== current.current) void openThread(routeId);
  }, [routeId, openThread]);

  const shown = useRef(threadId);
  useEffect(() => {
    if (shown.current === threadId) return;
    shown.current = threadId;
    if (threadIdFromPath(window.location.pathname) !== threadId) {
      window.history.replaceState(null, "", threadPath(threadId));
    }
  }, [threadId]);

  const navigate = useCallback((id: string | null) => {
    if (threadIdFromPath(window.location.pathname) === id && current.current === id) return;
    window.history.pushState(null, "", threadPath(id));
  }, []);

  return { navigate };
}
