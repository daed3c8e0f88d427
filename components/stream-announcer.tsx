"use client";

import { useEffect, useRef, useState } from "react";

/** The end of the last whole sentence in `text` at or after `from` (a stop and a space, or a blank line). */
export function lastSentenceEnd(text: string, from: number): number {
  let end = -1;
  const pattern = /[.!?…:](?=\s)|\n\n/g;
  pattern.lastIndex = from;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) end = match.index + match[0].length;
  return end;
}

/**
 * Reads a streamed answer to screen readers politely: each sentence once it is whole, and the rest when
 * the answer ends. Never per chunk (a reader that restarts at every token says nothing useful).
 */
export function StreamAnnouncer({ text, streaming }: { text: string; streaming: boolean }) {
  const [spoken, setSpoken] = useState("");
  const upTo = useRef(0);
  const wasStreaming = useRef(false);

  useEffect(() => {
    if (streaming && !wasStreaming.current) upTo.current = 0;
    if (streaming) {
      wasStreaming.current = true;
      if (text.length < upTo.current) upTo.current = 0;
      const end = lastSentenceEnd(text, upTo.current);
      if (end > upTo.current) {
        setSpoken(text.slice(upTo.current, end).trim());
        upTo.current = end;
      }
      return;
    }
    if (wasStreaming.current) {
      wasStreaming.current = false;
      const rest = text.slice(upTo.current).trim();
      upTo.current = text.length;
      if (rest) setSpoken(rest);
    }
  }, [text, streaming]);

  return (
    <div className="visually-hidden" aria-live="polite" data-testid="announcer">
      {spoken}
    </div>
  );
}
