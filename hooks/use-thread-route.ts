"use client";

import { usePathname } from "next/navigation";
import { useCallback, useEffect, useRef } from "react";
import { threadIdFromPath, threadPath } from "@/lib/client/thread-url";

/**
 * Keeps the shown thread and the address (`/c/{id}`) in step, in both directions: an address that
 * changes (a click in the list, Back, Forward, a bookmark) opens its thread; a thread that changes by
 * itself (the first message made one, a link led to a deleted one) replaces the address. Uses the
 * native history API, which Next's router follows, so the chat is never remounted or refetched; a
 * thread opened here (the list, New chat) opens at once, without waiting for the router.
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
  /** The thread `navigate` opened, until it shows: the router's later report of it opens nothing. */
  const asked = useRef<string | null | undefined>(undefined);
  if (asked.current === threadId) asked.current = undefined;

  // The router's path is the trigger (Back, Forward, a link); the address itself says which thread.
  useEffect(() => {
    const addressed = threadIdFromPath(window.location.pathname);
    if (addressed !== current.current && addressed !== asked.current) void openThread(addressed);
  }, [routeId, openThread]);

  const shown = useRef(threadId);
  useEffect(() => {
    if (shown.current === threadId) return;
    shown.current = threadId;
    if (threadIdFromPath(window.location.pathname) !== threadId) {
      window.history.replaceState(null, "", threadPath(threadId));
    }
  }, [threadId]);

  const navigate = useCallback(
    (id: string | null) => {
      if (threadIdFromPath(window.location.pathname) === id && current.current === id) return;
      window.history.pushState(null, "", threadPath(id));
      // Opened here rather than when the router reports the new path: a report still pending (the
      // first message's replaceState to /c/{id}, under load) can be merged with this one, and the path
      // the router shows then never changes ("/" before, "/" after), so nothing would open.
      if (current.current === id) return;
      asked.current = id;
      void openThread(id);
    },
    [openThread],
  );

  return { navigate };
}
