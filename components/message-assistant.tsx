"use client";

import { memo } from "react";
import { useRenderCount } from "@/hooks/use-render-count";
import { taggedModel } from "@/lib/client/model-names";
import type { StreamMonitor } from "@/lib/client/stream-monitor";
import type { AnswerState, LumiaUIMessage } from "@/lib/client/types";
import { memoriesUsed, messageText } from "@/lib/client/ui-messages";
import { errorText } from "@/lib/i18n/error-text";
import { useI18n } from "@/lib/i18n/i18n-context";
import { CopyButton } from "./copy-button";
import { AlertIcon, RefreshIcon } from "./icons";
import { Markdown } from "./markdown";
import { MemoriesUsed } from "./memories-used";
import { LiveStreamStats, StoredStreamStats } from "./stream-stats";

interface Props {
  message: LumiaUIMessage | null;
  state: AnswerState;
  monitor: StreamMonitor;
  /** Offered on the last answer while nothing streams. */
  onRegenerate?: () => void;
}

/** One answer: markdown that grows while streaming, memories used, live or stored stats, and actions. */
export const MessageAssistant = memo(function MessageAssistant({
  message,
  state,
  monitor,
  onRegenerate,
}: Props) {
  const { t, locale } = useI18n();
  const ref = useRenderCount<HTMLElement>();
  const text = message ? messageText(message) : "";
  const used = message ? memoriesUsed(message) : null;
  const meta = message?.metadata;
  const stats = meta?.stats ?? null;
  const error = meta?.error ?? stats?.error;
  const snapshot = monitor.snapshot();
  const seen = message && snapshot.messageId === message.id ? snapshot : null;
  const gaps = seen ? [...seen.gaps] : null;
  return (
    <article
      ref={ref}
      className={`message assistant state-${state}`}
      data-testid="message-assistant"
      data-state={state}
      data-message-id={message?.id}
    >
      <div className="avatar" aria-hidden="true">
        L
      </div>
      <div className="message-body">
        {used && <MemoriesUsed used={used} />}
        {text ? (
          <Markdown text={text} />
        ) : state === "streaming" ? (
          <div className="thinking" role="status" aria-label={t.thinking}>
            <span />
            <span />
            <span />
          </div>
        ) : null}
        {state === "interrupted" && (
          <div className="note warn" data-testid="interrupted-note">
            {t.interrupted}
          </div>
        )}
        {state === "error" && (
          <div className="note error" data-testid="error-note">
            <AlertIcon /> {t.answerFailed}
            {error ? `: ${errorText({ t, locale, code: error.code, message: error.error })}` : ""}
          </div>
        )}
        <footer className="message-footer">
          {state === "streaming" && !stats ? (
            <LiveStreamStats monitor={monitor} />
          ) : stats && stats.total_ms !== undefined ? (
            <StoredStreamStats stats={stats} gaps={gaps} seenFirstChunkMs={seen?.firstChunkMs ?? null} />
          ) : null}
          {state !== "streaming" && (
            <div className="message-actions">
              {/* Named as the picker names it: a default model set as "llama3.2" is "llama3.2:latest" there. */}
              {meta?.model && <span className="model-tag">{taggedModel(meta.model)}</span>}
              {text && <CopyButton getText={() => text} />}
              {onRegenerate && (
                <button
                  type="button"
                  className="icon-button small"
                  data-testid="regenerate"
                  title={t.regenerate}
                  aria-label={t.regenerate}
                  onClick={onRegenerate}
                >
                  <RefreshIcon />
                </button>
              )}
            </div>
          )}
        </footer>
      </div>
    </article>
  );
});
