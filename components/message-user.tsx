"use client";

import { memo, useState } from "react";
import { useRenderCount } from "@/hooks/use-render-count";
import type { LumiaUIMessage } from "@/lib/client/types";
import { messageText } from "@/lib/client/ui-messages";
import { useI18n } from "@/lib/i18n/i18n-context";
import { EditIcon } from "./icons";

interface Props {
  message: LumiaUIMessage;
  /** Offered on the last user message while nothing streams. */
  onEdit?: (messageId: string, text: string) => void;
}

/** A user message as plain text (never markdown or HTML), editable when it is the last one. */
export const MessageUser = memo(function MessageUser({ message, onEdit }: Props) {
  const { t } = useI18n();
  const ref = useRenderCount<HTMLElement>();
  const text = messageText(message);
  const [draft, setDraft] = useState<string | null>(null);
  const submit = () => {
    if (draft?.trim() && onEdit) onEdit(message.id, draft.trim());
    setDraft(null);
  };
  return (
    <article ref={ref} className="message user" data-testid="message-user" data-message-id={message.id}>
      {draft === null ? (
        <>
          <div className="bubble">{text}</div>
          {onEdit && (
            <div className="message-actions">
              <button
                type="button"
                className="icon-button small"
                data-testid="edit-message"
                title={t.editResend}
                aria-label={t.editResend}
                onClick={() => setDraft(text)}
              >
                <EditIcon />
              </button>
            </div>
          )}
        </>
      ) : (
        <div className="bubble editing">
          <textarea
            data-testid="edit-input"
            value={draft}
            // biome-ignore lint/a11y/noAutofocus: the user just asked to edit this message
            autoFocus
            rows={Math.min(10, Math.max(2, draft.split("\n").length))}
            onChange={(event) => setDraft(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
                event.preventDefault();
                submit();
              } else if (event.key === "Escape") {
                event.stopPropagation();
                setDraft(null);
              }
            }}
          />
          <div className="edit-actions">
            <button type="button" className="button ghost" onClick={() => setDraft(null)}>
              {t.cancel}
            </button>
            <button type="button" className="button primary" data-testid="edit-send" onClick={submit}>
              {t.resend}
            </button>
          </div>
        </div>
      )}
    </article>
  );
});
