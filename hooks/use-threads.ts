"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { api } from "@/lib/client/api";
import type { ThreadSummary } from "@/lib/client/types";

/** The sidebar's threads, newest first, filtered by a search (debounced) that the server runs. */
export function useThreads() {
  const [threads, setThreads] = useState<ThreadSummary[]>([]);
  const [query, setQuery] = useState("");
  const [loaded, setLoaded] = useState(false);
  const queryRef = useRef(query);
  queryRef.current = query;

  const refresh = useCallback(async () => {
    const q = queryRef.current.trim();
    try {
      const { threads: list } = await api.listThreads({ q });
      if (queryRef.current.trim() === q) setThreads(list);
    } catch {
      // The list stays as it was; the health banner explains outages.
    } finally {
      setLoaded(true);
    }
  }, []);

  useEffect(() => {
    const timer = setTimeout(() => void refresh(), query ? 200 : 0);
    return () => clearTimeout(timer);
  }, [query, refresh]);

  const rename = useCallback(async (id: string, title: string) => {
    const updated = await api.renameThread({ id, title });
    setThreads((list) => list.map((t) => (t.id === id ? { ...t, title: updated.title ?? title } : t)));
  }, []);

  const remove = useCallback(async (id: string) => {
    await api.deleteThread({ id });
    setThreads((list) => list.filter((t) => t.id !== id));
  }, []);

  return { threads, query, setQuery, loaded, refresh, rename, remove };
}
