"use client";

import { usePathname } from "next/navigation";
import { useCallback, useEffect, useRef } from "react";
import { threadIdFromPath, threadPath } from "@/lib/client/thread-url";

/**
 * Keeps the shown thread and the address (`/c/{id}`) in step, in both directions: an address that
 * changes (a click in the list, Back, Forward, a bookmark) opens its thread; a thread that changes by
 * itself (the first message made one, a link led to a deleted one) replaces the address. Uses the
 * native history API, which Next's router follows, so the chat is never remounted or refetched; a
 * thread opened here (the list, New chat) or by Back and Forward opens at once, without waiting for the
 * router.
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
  /** The thread being opened from here, until its opening settles. */
  const asked = useRef<string | null | undefined>(undefined);

  const open = useCallback(
    (id: string | null) => {
      asked.current = id;
      void Promise.resolve(openThread(id)).finally(() => {
        if (asked.current === id) asked.current = undefined;
      });
    },
    [openThread],
  );

  /** The thread being opened, else the one shown. */
  const target = useCallback(() => (asked.current !== undefined ? asked.current : current.current), []);

  /** Opens what the address names, unless that is the thread shown or being opened. */
  const follow = useCallback(() => {
    const addressed = threadIdFromPath(window.location.pathname);
    if (addressed !== target()) open(addressed);
  }, [open, target]);

  // A link or the first render: the router's path is the trigger, the address itself says which thread.
  // biome-ignore lint/correctness/useExhaustiveDependencies: routeId is the trigger (see above).
  useEffect(() => follow(), [routeId, follow]);
  // Back and Forward, read off the address at once: the router's report of them can merge with another.
  useEffect(() => {
    window.addEventListener("popstate", follow);
    return () => window.removeEventListener("popstate", follow);
  }, [follow]);

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
      if (threadIdFromPath(window.location.pathname) === id && target() === id) return;
      window.history.pushState(null, "", threadPath(id));
      // Opened here rather than when the router reports the new path: a report still pending (the
      // first message's replaceState to /c/{id}, under load) can be merged with this one, and the path
      // the router shows then never changes ("/" before, "/" after), so nothing would open.
      if (target() !== id) open(id);
    },
    [open, target],
  );

  return { navigate };
}
