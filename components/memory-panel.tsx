"use client";

import { useState } from "react";
import { useMemories } from "@/hooks/use-memories";
import type { Memory } from "@/lib/client/types";
import { useI18n } from "@/lib/i18n/i18n-context";
import { CloseIcon, EditIcon, TrashIcon } from "./icons";

/** The long-term memory drawer: list, add, edit, delete. */
export function MemoryPanel({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const { memories, loaded, error, add, edit, remove } = useMemories({ enabled: true });
  const [draft, setDraft] = useState("");

  return (
    <aside className="memory-panel" data-testid="memory-panel" data-loaded={loaded} aria-label={t.memory}>
      <header className="panel-head">
        <h2>{t.memory}</h2>
        <button type="button" className="icon-button" aria-label={t.close} title={t.close} onClick={onClose}>
          <CloseIcon />
        </button>
      </header>
      <p className="muted panel-intro">{t.memoryIntro}</p>
      <form
        className="memory-add"
        onSubmit={(event) => {
          event.preventDefault();
          const content = draft.trim();
          if (!content) return;
          setDraft("");
          void add(content);
        }}
      >
        <textarea
          data-testid="memory-input"
          value={draft}
          rows={2}
          placeholder={t.addMemoryPlaceholder}
          aria-label={t.addMemory}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === "Enter" && !event.shiftKey) {
              event.preventDefault();
              event.currentTarget.form?.requestSubmit();
            }
          }}
        />
        <button type="submit" className="button primary" data-testid="memory-add" disabled={!draft.trim()}>
          {t.add}
        </button>
      </form>
      {error && (
        <p className="note error" role="alert">
          {error}
        </p>
      )}
      <ul className="memory-list">
        {loaded && memories.length === 0 && <li className="muted">{t.noMemories}</li>}
        {memories.map((memory) => (
          <MemoryItem key={memory.id} memory={memory} onEdit={edit} onDelete={remove} />
        ))}
      </ul>
    </aside>
  );
}

function MemoryItem({
  memory,
  onEdit,
  onDelete,
}: {
  memory: Memory;
  onEdit: (id: string, content: string) => Promise<void>;
  onDelete: (id: string) => Promise<void>;
}) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<string | null>(null);
  const save = () => {
    const content = draft?.trim();
    setDraft(null);
    if (content && content !== memory.content) void onEdit(memory.id, content);
  };
  return (
    <li className="memory-item" data-testid="memory-item" data-memory-id={memory.id}>
      {draft === null ? (
        <>
          <div className="memory-content">
            <span data-testid="memory-content">{memory.content}</span>
            <span className="muted memory-source">
              {memory.source === "user" ? t.memorySourceUser : t.memorySourceExtracted}
            </span>
          </div>
          <div className="memory-actions">
            <button
              type="button"
              className="icon-button small"
              data-testid="memory-edit"
              aria-label={t.edit}
              title={t.edit}
              onClick={() => setDraft(memory.content)}
            >
              <EditIcon />
            </button>
            <button
              type="button"
              className="icon-button small"
              data-testid="memory-delete"
              aria-label={t.delete}
              title={t.delete}
              onClick={() => void onDelete(memory.id)}
            >
              <TrashIcon />
            </button>
          </div>
        </>
      ) : (
        <div className="memory-editing">
          <textarea
            data-testid="memory-edit-input"
            value={draft}
            rows={3}
            // biome-ignore lint/a11y/noAutofocus: the user just asked to edit
            autoFocus
            onChange={(event) => setDraft(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === "Enter" && !event.shiftKey) {
                event.preventDefault();
                save();
              } else if (event.key === "Escape") setDraft(null);
            }}
          />
          <div className="edit-actions">
            <button type="button" className="button ghost" onClick={() => setDraft(null)}>
              {t.cancel}
            </button>
            <button type="button" className="button primary" data-testid="memory-save" onClick={save}>
              {t.save}
            </button>
          </div>
        </div>
      )}
    </li>
  );
}
