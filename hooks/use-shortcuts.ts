"use client";

import { useEffect, useRef } from "react";

export interface ShortcutActions {
  newChat: () => void;
  search: () => void;
  focusComposer: () => void;
  help: () => void;
}

/**
 * The app's keys (listed in the help dialog): Ctrl/Cmd+Shift+O a new chat, Ctrl/Cmd+K search, Shift+Esc
 * the composer, Ctrl/Cmd+/ the help. They work from inside text fields too, as in ChatGPT.
 */
export function useShortcuts(actions: ShortcutActions): void {
  const latest = useRef(actions);
  latest.current = actions;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      let action: (() => void) | null = null;
      if (mod && event.shiftKey && key === "o") action = latest.current.newChat;
      else if (mod && !event.shiftKey && key === "k") action = latest.current.search;
      else if (mod && key === "/") action = latest.current.help;
      else if (event.shiftKey && key === "escape") action = latest.current.focusComposer;
      if (!action) return;
      event.preventDefault();
      event.stopPropagation();
      action();
    };
    window.addEventListener("keydown", onKey, { capture: true });
    return () => window.removeEventListener("keydown", onKey, { capture: true });
  }, []);
}
