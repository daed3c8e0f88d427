"use client";

import { memo, useState } from "react";
import type { ThreadSummary } from "@/lib/client/types";
import { useI18n } from "@/lib/i18n/i18n-context";
import type { Locale } from "@/lib/i18n/messages";
import { BrainIcon, EditIcon, PlusIcon, SearchIcon, TrashIcon } from "./icons";

interface Props {
  threads: ThreadSummary[];
  activeId: string | null;
  query: string;
  loaded: boolean;
  /** The server has more threads than shown (a `nextCursor`). */
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  onQuery: (query: string) => void;
  onNew: () => void;
  onOpen: (id: string) => void;
  onRename: (id: string, title: string) => Promise<void>;
  onDelete: (id: string) => Promise<void>;
  onOpenMemory: () => void;
  /** A closed drawer (narrow screens): out of the Tab order and the accessibility tree. */
  hidden?: boolean;
}

/** Threads (new, search, rename, delete), the memory button and the language switch. */
export const Sidebar = memo(function Sidebar(props: Props) {
  const { t, locale, setLocale } = useI18n();
  const { threads, activeId, query, loaded } = props;
  return (
    <aside className="sidebar" inert={props.hidden} data-testid="sidebar">
      <div className="sidebar-head">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            L
          </span>
          {t.appName}
        </div>
        <button type="button" className="button new-thread" data-testid="new-thread" onClick={props.onNew}>
          <PlusIcon /> {t.newChat}
        </button>
        <label className="search">
          <SearchIcon />
          <input
            type="search"
            data-testid="thread-search"
            placeholder={t.searchThreads}
            aria-label={t.searchThreads}
            value={query}
            onChange={(event) => props.onQuery(event.target.value)}
          />
        </label>
      </div>
      <nav className="thread-list" data-testid="thread-list">
        {loaded && threads.length === 0 && (
          <p className="muted thread-list-empty">{query ? t.noMatches : t.noThreads}</p>
        )}
        {threads.map((thread) => (
          <ThreadItem
            key={thread.id}
            thread={thread}
            active={thread.id === activeId}
            onOpen={props.onOpen}
            onRename={props.onRename}
            onDelete={props.onDelete}
          />
        ))}
        {props.hasMore && (
          <button
            type="button"
            className="button ghost load-more"
            data-testid="load-more"
            disabled={props.loadingMore}
            onClick={props.onLoadMore}
          >
            {props.loadingMore ? t.loadingThread : t.loadMore}
          </button>
        )}
      </nav>
      <div className="sidebar-foot">
        <button type="button" className="button ghost" data-testid="open-memory" onClick={props.onOpenMemory}>
          <BrainIcon /> {t.memory}
        </button>
        <select
          className="language"
          data-testid="language"
          aria-label={t.language}
          value={locale}
          onChange={(event) => setLocale(event.target.value as Locale)}
        >
          <option value="en">English</option>
          <option value="sv">Svenska</option>
        </select>
      </div>
    </aside>
  );
});

interface ItemProps {
  thread: ThreadSummary;
  active: boolean;
  onOpen: (id: string) => void;
  onRename: (id: string, title: string) => Promise<void>;
  onDelete: (id: string) => Promise<void>;
}

const ThreadItem = memo(function ThreadItem({ thread, active, onOpen, onRename, onDelete }: ItemProps) {
  const { t } = useI18n();
  const [mode, setMode] = useState<"view" | "rename" | "delete">("view");
  const [draft, setDraft] = useState(thread.title);
  const title = thread.title || t.untitled;

  const save = async () => {
    const value = draft.trim();
    setMode("view");
    if (value && value !== thread.title) await onRename(thread.id, value);
  };

  return (
    <div
      className={`thread-item${active ? " active" : ""}`}
      data-testid="thread-item"
      data-thread-id={thread.id}
    >
      {mode === "rename" ? (
        <form
          className="thread-rename"
          onSubmit={(event) => {
            event.preventDefault();
            void save();
          }}
        >
          <input
            data-testid="rename-input"
            value={draft}
            // biome-ignore lint/a11y/noAutofocus: the user just asked to rename
            autoFocus
            onChange={(event) => setDraft(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === "Escape") setMode("view");
            }}
            onBlur={() => void save()}
          />
        </form>
      ) : (
        <button
          type="button"
          className="thread-title"
          data-testid="thread-title"
          aria-current={active ? "page" : undefined}
          onClick={() => onOpen(thread.id)}
          title={title}
        >
          {title}
        </button>
      )}
      {mode === "delete" ? (
        // biome-ignore lint/a11y/useSemanticElements: a fieldset would bring its own border and legend inside a list row
        <div className="thread-actions visible confirm" role="group" aria-label={t.confirmDeleteThread}>
          <button
            type="button"
            className="button small danger"
            data-testid="confirm-delete"
            onClick={() => {
              setMode("view");
              void onDelete(thread.id);
            }}
          >
            {t.delete}
          </button>
          <button type="button" className="button small" onClick={() => setMode("view")}>
            {t.cancel}
          </button>
        </div>
      ) : mode === "view" ? (
        <div className="thread-actions">
          <button
            type="button"
            className="icon-button small"
            data-testid="rename-thread"
            title={t.rename}
            aria-label={t.rename}
            onClick={() => {
              setDraft(thread.title);
              setMode("rename");
            }}
          >
            <EditIcon />
          </button>
          <button
            type="button"
            className="icon-button small"
            data-testid="delete-thread"
            title={t.delete}
            aria-label={t.delete}
            onClick={() => setMode("delete")}
          >
            <TrashIcon />
          </button>
        </div>
      ) : null}
    </div>
  );
});
