"use client";

import { memo, useEffect, useRef, useState } from "react";
import { useI18n } from "@/lib/i18n/i18n-context";
import { AlertIcon, CloseIcon, SendIcon, StopIcon } from "./icons";

interface Props {
  busy: boolean;
  failure: string | null;
  onDismissFailure: () => void;
  onSend: (text: string) => Promise<boolean> | boolean;
  onStop: () => void;
  /** Changes when another thread opens, to move the focus back here. */
  focusKey: string | null;
  /** A message that failed before the server stored it: put back for another try. */
  unsent: { text: string; at: number } | null;
}

const MAX_HEIGHT_PX = 240;

/** The input: Enter sends, Shift+Enter adds a line, the button turns into Stop while an answer streams. */
export const Composer = memo(function Composer({
  busy,
  failure,
  onDismissFailure,
  onSend,
  onStop,
  focusKey,
  unsent,
}: Props) {
  const { t } = useI18n();
  const [text, setText] = useState("");
  const area = useRef<HTMLTextAreaElement>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: focusKey is the trigger, not an input
  useEffect(() => {
    area.current?.focus();
  }, [focusKey]);

  useEffect(() => {
    if (unsent) setText((current) => current || unsent.text);
  }, [unsent]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: text drives the height
  useEffect(() => {
    const element = area.current;
    if (!element) return;
    element.style.height = "auto";
    element.style.height = `${Math.min(element.scrollHeight, MAX_HEIGHT_PX)}px`;
  }, [text]);

  const submit = async () => {
    const value = text.trim();
    if (!value || busy) return;
    setText("");
    const sent = await onSend(value);
    if (!sent) setText(value);
  };

  return (
    <div className="composer-wrap">
      {failure && (
        <div className="composer-note error" data-testid="composer-error" role="alert">
          <AlertIcon /> <span>{failure}</span>
          <button type="button" className="icon-button small" aria-label={t.close} onClick={onDismissFailure}>
            <CloseIcon />
          </button>
        </div>
      )}
      <form
        className="composer"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <textarea
          ref={area}
          data-testid="composer"
          value={text}
          rows={1}
          placeholder={t.composerPlaceholder}
          aria-label={t.composerPlaceholder}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
              event.preventDefault();
              void submit();
            }
          }}
        />
        {busy ? (
          <button
            type="button"
            className="send-button stop"
            data-testid="stop"
            title={t.stopHint}
            aria-label={t.stop}
            onClick={onStop}
          >
            <StopIcon />
          </button>
        ) : (
          <button
            type="submit"
            className="send-button"
            data-testid="send"
            title={t.send}
            aria-label={t.send}
            disabled={!text.trim()}
          >
            <SendIcon />
          </button>
        )}
      </form>
      <div className="composer-hint">{t.composerHint}</div>
    </div>
  );
});
