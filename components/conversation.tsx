"use client";

import type { ChatStatus } from "ai";
import { useLayoutEffect, useRef, useState } from "react";
import type { StreamMonitor } from "@/lib/client/stream-monitor";
import type { LumiaUIMessage } from "@/lib/client/types";
import { answerState, messageText } from "@/lib/client/ui-messages";
import { useI18n } from "@/lib/i18n/i18n-context";
import { ArrowDownIcon } from "./icons";
import { MessageAssistant } from "./message-assistant";
import { MessageUser } from "./message-user";
import { StreamAnnouncer } from "./stream-announcer";

interface Props {
  messages: LumiaUIMessage[];
  status: ChatStatus;
  monitor: StreamMonitor;
  loading: boolean;
  onRegenerate: () => void;
  onEdit: (messageId: string, text: string) => void;
  /** The chat's title: the page's (visually hidden) heading. */
  title: string;
}

const PIN_SLACK_PX = 80;

/**
 * The message list. Rows are memoized and get the same props unless they are the last ones, so a chunk
 * re-renders only the answer it belongs to. Sticks to the bottom while the reader is there.
 */
export function Conversation({ messages, status, monitor, loading, onRegenerate, onEdit, title }: Props) {
  const { t } = useI18n();
  const scroller = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  /** Scrolled up, away from the newest text: "Jump to latest" shows. */
  const [away, setAway] = useState(false);
  const busy = status === "submitted" || status === "streaming";
  const last = messages[messages.length - 1];
  const lastUserIndex = messages.findLastIndex((m) => m.role === "user");
  const pending = busy && last?.role !== "assistant";

  useLayoutEffect(() => {
    const element = scroller.current;
    // A message the user just sent brings the view back to the bottom.
    if (last?.role === "user") pinned.current = true;
    if (element && pinned.current) element.scrollTop = element.scrollHeight;
  });

  const jump = () => {
    const element = scroller.current;
    pinned.current = true;
    setAway(false);
    if (element) element.scrollTop = element.scrollHeight;
  };
  const lastAnswer = last?.role === "assistant" ? last : null;

  if (messages.length === 0 && !pending) {
    return (
      <div className="conversation empty" ref={scroller}>
        {loading ? (
          <p className="muted">{t.loadingThread}</p>
        ) : (
          <div className="empty-state">
            <div className="empty-logo" aria-hidden="true">
              L
            </div>
            <h1>{t.emptyTitle}</h1>
            <p>{t.emptyBody}</p>
          </div>
        )}
      </div>
    );
  }

  return (
    <div className="conversation-wrap">
      <div
        className="conversation"
        ref={scroller}
        onScroll={(event) => {
          const element = event.currentTarget;
          pinned.current = element.scrollHeight - element.scrollTop - element.clientHeight < PIN_SLACK_PX;
          if (away === pinned.current) setAway(!pinned.current);
        }}
      >
        <h1 className="visually-hidden" data-testid="chat-title">
          {title}
        </h1>
        <div className="messages">
          {messages.map((message, index) => {
            const isLast = index === messages.length - 1;
            if (message.role === "user") {
              return (
                <MessageUser
                  key={message.id}
                  message={message}
                  onEdit={!busy && index === lastUserIndex ? onEdit : undefined}
                />
              );
            }
            if (message.role !== "assistant") return null;
            return (
              <MessageAssistant
                key={message.id}
                message={message}
                state={answerState({ message, live: busy && isLast })}
                monitor={monitor}
                onRegenerate={!busy && isLast ? onRegenerate : undefined}
              />
            );
          })}
          {pending && <MessageAssistant message={null} state="streaming" monitor={monitor} />}
        </div>
      </div>
      {away && (
        <button type="button" className="jump-latest" data-testid="jump-latest" onClick={jump}>
          <ArrowDownIcon /> {t.jumpToLatest}
        </button>
      )}
      <StreamAnnouncer text={lastAnswer ? messageText(lastAnswer) : ""} streaming={busy} />
    </div>
  );
}
