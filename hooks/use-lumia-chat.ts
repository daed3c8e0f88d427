"use client";

import { useChat } from "@ai-sdk/react";
import { useCallback, useEffect, useRef, useState } from "react";
import { api } from "@/lib/client/api";
import type { FrameChat } from "@/lib/client/frame-chat";
import { type ChatFailure, createLumiaChat, type RequestExtras, toFailure } from "@/lib/client/lumia-chat";
import { createStreamMonitor, type StreamMonitor } from "@/lib/client/stream-monitor";
import type { TimedChatTransport } from "@/lib/client/timed-chat-transport";
import type { LumiaUIMessage } from "@/lib/client/types";
import { messageText, toUIMessage } from "@/lib/client/ui-messages";
import type { ThreadSettings } from "@/lib/db/types";

export type { ChatFailure };

const NO_SETTINGS: ThreadSettings = { model: null, systemPrompt: null, options: null };

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
  /** The shown thread's own settings; for a new chat, the ones it will be created with. */
  const [settings, setSettings] = useState<ThreadSettings>(NO_SETTINGS);
  const settingsRef = useRef(settings);
  settingsRef.current = settings;
  /** The model of the thread's last answer: what a thread without a model of its own reopens with. */
  const [answeredWith, setAnsweredWith] = useState<string | null>(null);
  /** Text to put back in the composer when a message never reached the server's thread. */
  const [unsent, setUnsent] = useState<{ text: string; at: number } | null>(null);
  const lastSent = useRef("");
  const threadIdRef = useRef<string | null>(null);
  const latest = useRef({ model, onStreamEnd });
  latest.current = { model, onStreamEnd };
  const chatRef = useRef<FrameChat<LumiaUIMessage> | null>(null);
  const transportRef = useRef<TimedChatTransport<LumiaUIMessage> | null>(null);
  /** The thread the last send created, until its answer ends: removed again if nothing was stored. */
  const freshThread = useRef<string | null>(null);
  /** Counts openThread calls: one that waited for a stream to stop yields to any asked for since. */
  const openings = useRef(0);
  /** Stop was pressed before the stream named its answer: sent as soon as it does. */
  const stopWanted = useRef(false);

  /**
   * Shows a thread's stored messages; an answer still being written (by this tab before a reload or a
   * switch, or by another tab) is reconnected to: it catches up, then grows live.
   */
  const loadMessages = useCallback(async (id: string) => {
    const thread = await api.getThread({ id });
    const current = chatRef.current;
    if (threadIdRef.current !== id || !current) return;
    current.messages = thread.messages.filter((m) => m.role !== "system").map(toUIMessage);
    setSettings({ model: thread.model, systemPrompt: thread.systemPrompt, options: thread.options });
    setAnsweredWith(thread.messages.findLast((m) => m.role === "assistant" && m.model)?.model ?? null);
    const last = thread.messages.at(-1);
    if (last?.role === "assistant" && last.status === "streaming") {
      transportRef.current?.resumeFrom({ threadId: id, messageId: last.id });
      void current.resumeStream();
    }
  }, []);

  const [chat] = useState(() => {
    const { chat: created, transport } = createLumiaChat({
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
          const fresh = freshThread.current === id;
          freshThread.current = null;
          const resync = async () => {
            await loadMessages(id);
            const stored = chatRef.current?.messages ?? [];
            const lastUser = stored.findLast((m) => m.role === "user");
            if (isError && sent && (!lastUser || messageText(lastUser) !== sent))
              setUnsent({ text: sent, at: Date.now() });
            // A chat made for a message the server refused holds nothing: it goes, and this is a new
            // chat again (no empty "New chat" left in the list).
            if (fresh && stored.length === 0 && threadIdRef.current === id) {
              threadIdRef.current = null;
              setThreadId(null);
              await api.deleteThread({ id }).catch(() => {});
              latest.current.onStreamEnd?.();
            }
          };
          setTimeout(() => void resync().catch(() => {}), isAbort ? 300 : 0);
        }
        stopWanted.current = false;
        latest.current.onStreamEnd?.();
      },
    });
    chatRef.current = created;
    transportRef.current = transport;
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
      const ticket = ++openings.current;
      // Leaving is not stopping: the server goes on with the answer, and coming back reconnects to it.
      if (chat.status === "submitted" || chat.status === "streaming") {
        await chat.stop();
        await settled(chat);
      }
      // Another thread was asked for while this one waited for the stream to stop: the last one wins.
      if (ticket !== openings.current) return;
      threadIdRef.current = id;
      setThreadId(id);
      setFailure(null);
      clearError();
      chat.messages = [];
      setAnsweredWith(null);
      if (!id) {
        setSettings(NO_SETTINGS);
        return;
      }
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
        if (ticket === openings.current) setLoadingThread(false);
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
          id = (await api.createThread({ ...withoutNulls(settingsRef.current) })).id;
        } catch (caught) {
          setFailure(toFailure(caught));
          return false;
        }
        threadIdRef.current = id;
        freshThread.current = id;
        setThreadId(id);
        latest.current.onStreamEnd?.();
      } else {
        freshThread.current = null;
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

  /** Changes the shown thread's settings (stored with it), or the new chat's before it exists. */
  const updateSettings = useCallback(async (changes: Partial<ThreadSettings>) => {
    const id = threadIdRef.current;
    if (!id) {
      setSettings((current) => ({ ...current, ...changes }));
      return;
    }
    const updated = await api.updateThread({ id, ...changes });
    if (threadIdRef.current === id) {
      setSettings({ model: updated.model, systemPrompt: updated.systemPrompt, options: updated.options });
    }
  }, []);

  /**
   * Stop asks the server (which may be serving this answer to other tabs too): Ollama stops, and the
   * stream ends with the answer's stats, its text kept as interrupted. Before the stream named its answer,
   * the stop waits for that; if the server cannot be asked, this page at least stops reading.
   */
  const stop = useCallback(() => {
    const threadId = threadIdRef.current;
    const messageId = monitor.snapshot().messageId;
    if (!threadId) {
      void chat.stop();
      return;
    }
    if (!messageId) {
      stopWanted.current = true;
      return;
    }
    api.stopAnswer({ threadId, messageId }).catch(() => void chat.stop());
  }, [chat, monitor]);

  useEffect(
    () =>
      monitor.subscribe(() => {
        const messageId = monitor.snapshot().messageId;
        const threadId = threadIdRef.current;
        if (!stopWanted.current || !messageId || !threadId) return;
        stopWanted.current = false;
        api.stopAnswer({ threadId, messageId }).catch(() => void chat.stop());
      }),
    [chat, monitor],
  );

  useEffect(() => {
    if (!busy) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") {
        event.preventDefault();
        stop();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [busy, stop]);

  useAnswersOfOtherTabs({ monitor, threadIdRef, chat, loadMessages });

  return {
    threadId,
    settings,
    answeredWith,
    updateSettings,
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

/** The settings that are set, for creating a thread (null and absent mean the same there). */
function withoutNulls(settings: ThreadSettings): Partial<ThreadSettings> {
  return Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== null));
}

/** Waits (briefly) until a stopped request has wound down, so a new one does not race its cleanup. */
async function settled(chat: FrameChat<LumiaUIMessage>) {
  for (let i = 0; i < 50 && (chat.status === "submitted" || chat.status === "streaming"); i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const CHANNEL = "lumia-answers";

/**
 * Other tabs on the same thread follow an answer this tab started (and this tab theirs): a start is
 * announced on a BroadcastChannel, and an idle tab showing that thread reloads it and reconnects. A tab
 * that comes back into view reloads its thread too, for answers started elsewhere.
 */
function useAnswersOfOtherTabs({
  monitor,
  threadIdRef,
  chat,
  loadMessages,
}: {
  monitor: StreamMonitor;
  threadIdRef: { current: string | null };
  chat: FrameChat<LumiaUIMessage>;
  loadMessages: (id: string) => Promise<void>;
}) {
  useEffect(() => {
    const idle = () => chat.status !== "submitted" && chat.status !== "streaming";
    const reload = () => {
      const id = threadIdRef.current;
      if (id && idle()) void loadMessages(id).catch(() => {});
    };
    const channel = typeof BroadcastChannel === "undefined" ? null : new BroadcastChannel(CHANNEL);
    if (channel) {
      channel.onmessage = (event: MessageEvent<{ threadId?: string }>) => {
        if (event.data?.threadId && event.data.threadId === threadIdRef.current) reload();
      };
    }
    let announced: string | null = null;
    const unsubscribe = monitor.subscribe(() => {
      const messageId = monitor.snapshot().messageId;
      if (!messageId || messageId === announced) return;
      announced = messageId;
      channel?.postMessage({ threadId: threadIdRef.current, messageId });
    });
    const onVisible = () => {
      if (document.visibilityState === "visible") reload();
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      unsubscribe();
      channel?.close();
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [monitor, threadIdRef, chat, loadMessages]);
}
