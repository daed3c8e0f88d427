"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { api } from "@/lib/client/api";
import type { ThreadSummary } from "@/lib/client/types";

/** Threads per page of the sidebar; more come with "Load more" (the server's `nextCursor`). */
export const THREAD_PAGE = 50;

/** The sidebar's threads, newest first, in pages, filtered by a search (debounced) that the server runs. */
export function useThreads() {
  const [threads, setThreads] = useState<ThreadSummary[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [query, setQuery] = useState("");
  const [loaded, setLoaded] = useState(false);
  const [loadingMore, setLoadingMore] = useState(false);
  const queryRef = useRef(query);
  queryRef.current = query;
  const pages = useRef(1);

  /**
   * The first page again (after an answer, a new thread, a search). Pages loaded beyond it stay: the
   * first page's threads replace theirs, the rest keep their place.
   */
  const refresh = useCallback(async (): Promise<ThreadSummary[] | undefined> => {
    const q = queryRef.current.trim();
    try {
      const page = await api.listThreads({ q, limit: THREAD_PAGE });
      if (queryRef.current.trim() !== q) return undefined;
      if (pages.current > 1) {
        const fresh = new Set(page.threads.map((t) => t.id));
        setThreads((list) => [...page.threads, ...list.filter((t) => !fresh.has(t.id))]);
      } else {
        setThreads(page.threads);
        setNextCursor(page.nextCursor);
      }
      return page.threads;
    } catch {
      // The list stays as it was; the health banner explains outages.
      return undefined;
    } finally {
      setLoaded(true);
    }
  }, []);

  const titleWatch = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(titleWatch.current), []);
  /**
   * After an answer in a thread still titled after its first message: the server asks the model for a
   * title once the answer is stored, so the title comes a moment after the answer. The list is read
   * again 1, 3, 7, 15 and 31 s later, until that thread's title is no longer the automatic one.
   */
  const watchTitle = useCallback(
    (id: string) => {
      clearTimeout(titleWatch.current);
      let delay = 1_000;
      const check = async () => {
        const thread = (await refresh())?.find((t) => t.id === id);
        if (thread?.titleSource !== "auto" || delay > 16_000) return;
        delay *= 2;
        titleWatch.current = setTimeout(() => void check(), delay);
      };
      titleWatch.current = setTimeout(() => void check(), delay);
    },
    [refresh],
  );

  useEffect(() => {
    pages.current = 1;
    const timer = setTimeout(() => void refresh(), query ? 200 : 0);
    return () => clearTimeout(timer);
  }, [query, refresh]);

  const loadMore = useCallback(async () => {
    if (!nextCursor || loadingMore) return;
    const q = queryRef.current.trim();
    setLoadingMore(true);
    try {
      const page = await api.listThreads({ q, limit: THREAD_PAGE, cursor: nextCursor });
      if (queryRef.current.trim() !== q) return;
      pages.current += 1;
      setThreads((list) => {
        const known = new Set(list.map((t) => t.id));
        return [...list, ...page.threads.filter((t) => !known.has(t.id))];
      });
      setNextCursor(page.nextCursor);
    } catch {
      // Stays offered: the next click tries again.
    } finally {
      setLoadingMore(false);
    }
  }, [nextCursor, loadingMore]);

  const rename = useCallback(async (id: string, title: string) => {
    const updated = await api.renameThread({ id, title });
    setThreads((list) => list.map((t) => (t.id === id ? { ...t, title: updated.title ?? title } : t)));
  }, []);

  const remove = useCallback(async (id: string) => {
    await api.deleteThread({ id });
    setThreads((list) => list.filter((t) => t.id !== id));
  }, []);

  return {
    threads,
    query,
    setQuery,
    loaded,
    refresh,
    watchTitle,
    rename,
    remove,
    hasMore: nextCursor !== null,
    loadingMore,
    loadMore,
  };
}
