"use client";

import { useCallback, useEffect, useRef, useState } from "react";

const UNDO_MS = 6000;

/**
 * Deleting with an undo: the thread leaves the list at once, and is deleted on the server when the
 * undo toast goes (after 6 s, when dismissed, or when the page is left: then with a keepalive request).
 */
export function useDeferredDelete({ onCommitted }: { onCommitted: () => void }) {
  const [pending, setPending] = useState<{ id: string; title: string } | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const pendingRef = useRef(pending);
  pendingRef.current = pending;
  const latest = useRef(onCommitted);
  latest.current = onCommitted;

  const commit = useCallback(async (keepalive = false) => {
    const item = pendingRef.current;
    clearTimeout(timer.current);
    if (!item) return;
    pendingRef.current = null;
    setPending(null);
    await fetch(`/api/threads/${encodeURIComponent(item.id)}`, { method: "DELETE", keepalive }).catch(
      () => {},
    );
    latest.current();
  }, []);

  const schedule = useCallback(
    (item: { id: string; title: string }) => {
      // One undo at a time: an earlier deletion is done now.
      void commit();
      pendingRef.current = item;
      setPending(item);
      timer.current = setTimeout(() => void commit(), UNDO_MS);
    },
    [commit],
  );

  const undo = useCallback(() => {
    clearTimeout(timer.current);
    pendingRef.current = null;
    setPending(null);
  }, []);

  useEffect(() => {
    const leave = () => void commit(true);
    window.addEventListener("pagehide", leave);
    return () => window.removeEventListener("pagehide", leave);
  }, [commit]);

  return { pending, schedule, undo, commit };
}
