"use client";

import { useCallback, useEffect, useState } from "react";
import { api } from "@/lib/client/api";
import type { Memory } from "@/lib/client/types";

/** The long-term memories, with add, edit and delete that update the list from the server's answer. */
export function useMemories({ enabled }: { enabled: boolean }) {
  const [memories, setMemories] = useState<Memory[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);

  const refresh = useCallback(async () => {
    try {
      setMemories((await api.listMemories()).memories);
      setLoaded(true);
      setError(null);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    }
  }, []);

  useEffect(() => {
    if (enabled) void refresh();
  }, [enabled, refresh]);

  const run = useCallback(async (action: () => Promise<unknown>) => {
    try {
      await action();
      setError(null);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    }
  }, []);

  return {
    memories,
    loaded,
    error,
    refresh,
    add: (content: string) =>
      run(async () => {
        const memory = await api.addMemory({ content });
        setMemories((list) => [memory, ...list.filter((m) => m.id !== memory.id)]);
      }),
    edit: (id: string, content: string) =>
      run(async () => {
        const memory = await api.editMemory({ id, content });
        setMemories((list) => list.map((m) => (m.id === id ? { ...m, ...memory, content } : m)));
      }),
    remove: (id: string) =>
      run(async () => {
        await api.deleteMemory({ id });
        setMemories((list) => list.filter((m) => m.id !== id));
      }),
  };
}
