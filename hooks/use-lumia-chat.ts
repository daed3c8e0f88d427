"use client";

import { useChat } from "@ai-sdk/react";
import { useCallback, useEffect, useRef, useState } from "react";
import { api } from "@/lib/client/api";
import type { FrameChat } from "@/lib/client/frame-chat";
import { type ChatFailure, createLumiaChat, type RequestExtras, toFailure } from "@/lib/client/lumia-chat";
import { createStreamMonitor } from "@/lib/client/stream-monitor";
import type { LumiaUIMessage } from "@/lib/client/types";
import { messageText, toUIMessage } from "@/lib/client/ui-messages";

export type { ChatFailure };

/**
 * The one owner of the chat stream: useChat on a frame-coalesced Chat whose transport stamps each chunk's
 * arrival into a monitor (outside React state). Holds the thread being shown, sends, stops (also on Esc),
 * regenerates and edits, and tells the page when a stream ended so it can refresh the thread list.
 */
export function useLumiaChat({ model, onStreamEnd }: { model: string | null; onStreamEnd?: () => void }) {
  const [monitor] = useState(() => createStreamMonitor());
  const [threadId, setThreadId] = useState<string | null>(null);
  const [loadingThread, setLoadingThread] = useState(false);
  const [failure, setFailure] = useState<ChatFailure | null>(null);
  /** Text to put back in the composer when a message never reached the server's thread. */
  const [unsent, setUnsent] = useState<{ text: string; at: number } | null>(null);
  const lastSent = useRef("");
  const threadIdRef = useRef<string | null>(null);
  const latest = useRef({ model, onStreamEnd });
  latest.current = { model, onStreamEnd };
  const chatRef = useRef<FrameChat<LumiaUIMessage> | null>(null);

  const loadMessages = useCallback(async (id: string) => {
    const thread = await api.getThread({ id });
    if (threadIdRef.current !== id || !chatRef.current) return;
    chatRef.current.messages = thread.messages.filter((m) => m.role !== "system").map(toUIMessage);
  }, []);

  const [chat] = useState(() => {
    const created = createLumiaChat({
      monitor,
      onFinish: ({ message, isAbort, isError }) => {
        monitor.end();
        const current = chatRef.current;
        if (isAbort && current && message.role === "assistant") {
          // The server keeps the partial answer as interrupted; mark it here without a reload race.
          current.messages = current.messages.map((m) =>
            m.id === message.id ? { ...m, metadata: { ...m.metadata, status: "interrupted" } } : m,
          );
        }
        const id = threadIdRef.current;
        const started = current?.messages.some((m) => m.id === message.id) ?? false;
        if ((isError || isAbort) && id && !started) {
          // Ended before the answer started: show what the server actually stored (the user message,
          // and an interrupted answer if it had begun one), after it has noticed the disconnect. A
          // message it never stored goes back into the composer.
          const sent = lastSent.current;
          const resync = async () => {
            await loadMessages(id);
            const stored = chatRef.current?.messages.findLast((m) => m.role === "user");
            if (isError && sent && (!stored || messageText(stored) !== sent))
              setUnsent({ text: sent, at: Date.now() });
          };
          setTimeout(() => void resync().catch(() => {}), isAbort ? 300 : 0);
        }
        latest.current.onStreamEnd?.();
      },
    });
    chatRef.current = created;
    return created;
  });

  const { messages, status, error, clearError } = useChat<LumiaUIMessage>({ chat });
  const busy = status === "submitted" || status === "streaming";

  useEffect(() => {
    // An error that ended an answer is shown on that answer; the composer reports the others.
    if (error && !chat.lastMessage?.metadata?.error) setFailure(toFailure(error));
  }, [error, chat]);

  const extras = useCallback(
    (id: string, more: Partial<RequestExtras> = {}): RequestExtras => ({
      threadId: id,
      ...(latest.current.model && { model: latest.current.model }),
      ...more,
    }),
    [],
  );

  const openThread = useCallback(
    async (id: string | null) => {
      if (chat.status === "submitted" || chat.status === "streaming") await chat.stop();
      threadIdRef.current = id;
      setThreadId(id);
      setFailure(null);
      clearError();
      chat.messages = [];
      if (!id) return;
      setLoadingThread(true);
      try {
        await loadMessages(id);
      } catch (caught) {
        const failed = toFailure(caught);
        setFailure(failed);
        if (failed.code === "thread_not_found" && threadIdRef.current === id) {
          // A stale link: start a new chat instead of sending into a thread that is gone.
          threadIdRef.current = null;
          setThreadId(null);
        }
      } finally {
        setLoadingThread(false);
      }
    },
    [chat, clearError, loadMessages],
  );

  const send = useCallback(
    async (text: string) => {
      setFailure(null);
      clearError();
      let id = threadIdRef.current;
      if (!id) {
        try {
          id = (await api.createThread({})).id;
        } catch (caught) {
          setFailure(toFailure(caught));
          return false;
        }
        threadIdRef.current = id;
        setThreadId(id);
        latest.current.onStreamEnd?.();
      }
      lastSent.current = text;
      void chat.sendMessage({ text }, { body: extras(id) });
      return true;
    },
    [chat, clearError, extras],
  );

  const regenerate = useCallback(() => {
    const id = threadIdRef.current;
    if (!id || busy) return;
    setFailure(null);
    clearError();
    void chat.regenerate({ body: extras(id) });
  }, [busy, chat, clearError, extras]);

  /** Replaces the user message (and all after it) with new text and answers that. */
  const editAndResend = useCallback(
    (messageId: string, text: string) => {
      const id = threadIdRef.current;
      if (!id || busy) return;
      const index = chat.messages.findIndex((m) => m.id === messageId);
      if (index === -1) return;
      // A message sent in this page has a client id; its answer's start chunk named the stored one.
      const next = chat.messages[index + 1];
      const storedId = next?.metadata?.userMessageId ?? messageId;
      setFailure(null);
      clearError();
      chat.messages = chat.messages.slice(0, index);
      lastSent.current = text;
      void chat.sendMessage({ text }, { body: extras(id, { editMessageId: storedId }) });
    },
    [busy, chat, clearError, extras],
  );

  const dismissFailure = useCallback(() => setFailure(null), []);

  const stop = useCallback(() => {
    void chat.stop();
  }, [chat]);

  useEffect(() => {
    if (!busy) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") {
        event.preventDefault();
        void chat.stop();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [busy, chat]);

  return {
    threadId,
    messages,
    status,
    busy,
    failure,
    unsent,
    loadingThread,
    monitor,
    openThread,
    send,
    regenerate,
    editAndResend,
    stop,
    dismissFailure,
  };
}
