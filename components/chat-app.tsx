"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { useDeferredDelete } from "@/hooks/use-deferred-delete";
import { useLumiaChat } from "@/hooks/use-lumia-chat";
import { useMediaQuery } from "@/hooks/use-media-query";
import { useModelPulls } from "@/hooks/use-model-pulls";
import { useOllamaStatus } from "@/hooks/use-ollama-status";
import { useShortcuts } from "@/hooks/use-shortcuts";
import { useThreadRoute } from "@/hooks/use-thread-route";
import { useThreads } from "@/hooks/use-threads";
import { sameModel } from "@/lib/client/model-names";
import { errorText } from "@/lib/i18n/error-text";
import { useI18n } from "@/lib/i18n/i18n-context";
import { Composer } from "./composer";
import { Conversation } from "./conversation";
import { HealthMenu, UserMenu } from "./header-menus";
import { HealthBanner } from "./health-banner";
import { BrainIcon, CloseIcon, KeyboardIcon, MenuIcon, SettingsIcon } from "./icons";
import { MemoryPanel } from "./memory-panel";
import { ModelPicker } from "./model-picker";
import { ModelsPanel } from "./models-panel";
import { SettingsDialog, type SettingsTab } from "./settings-dialog";
import { ShortcutsDialog } from "./shortcuts-dialog";
import { Sidebar } from "./sidebar";

/** Failures the health banner already explains (and a send that fails because of them). */
const BANNER_CODES = new Set(["ollama_unreachable", "model_not_found", "ollama_error", ""]);

/** The whole app: sidebar, header with model picker, health banner, conversation, composer, memory. */
export function ChatApp() {
  const { t, locale } = useI18n();
  const threads = useThreads();
  const ollama = useOllamaStatus();
  const [memoryOpen, setMemoryOpen] = useState(false);
  const [sidebarOpen, setSidebarOpen] = useState(false);
  const [hydrated, setHydrated] = useState(false);
  // Below this width the sidebar is a drawer (app/globals.css).
  const narrow = useMediaQuery("(max-width: 900px)");
  useEffect(() => setHydrated(true), []);
  const { refresh: refreshThreads, watchTitle } = threads;
  const { refresh: refreshOllama } = ollama;
  // The chat's thread when an answer ends (onStreamEnd is made before the chat hook that calls it).
  const currentThread = useRef<string | null>(null);
  const onStreamEnd = useCallback(() => {
    void refreshThreads();
    void refreshOllama();
    if (currentThread.current) watchTitle(currentThread.current);
  }, [refreshThreads, refreshOllama, watchTitle]);
  const [chatModel, setChatModel] = useState<string | null>(null);
  const chat = useLumiaChat({ model: chatModel, onStreamEnd });
  const { openThread, threadId } = chat;
  currentThread.current = threadId;
  // The chat's own model, else the one its last answer came from (if still installed), else the default.
  const model = chat.settings.model ?? ollama.installed(chat.answeredWith) ?? ollama.model;
  useEffect(() => setChatModel(model), [model]);
  const title = threads.threads.find((thread) => thread.id === threadId)?.title || t.untitled;
  useEffect(() => {
    document.title = threadId ? `${title} · Lumia` : "Lumia";
  }, [threadId, title]);
  const [settingsTab, setSettingsTab] = useState<SettingsTab | null>(null);
  const pulls = useModelPulls({ onSettled: refreshOllama });

  const { navigate } = useThreadRoute({ threadId, openThread });

  const open = useCallback(
    (id: string | null) => {
      setSidebarOpen(false);
      navigate(id);
    },
    [navigate],
  );

  const deletion = useDeferredDelete({ onCommitted: refreshThreads });
  const remove = useCallback(
    async (id: string) => {
      const thread = threads.threads.find((item) => item.id === id);
      deletion.schedule({ id, title: thread?.title ?? "" });
      if (id === threadId) navigate(null);
    },
    [threads.threads, deletion.schedule, threadId, navigate],
  );
  const listed = deletion.pending
    ? threads.threads.filter((thread) => thread.id !== deletion.pending?.id)
    : threads.threads;

  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  useShortcuts({
    newChat: () => open(null),
    search: () => {
      setSidebarOpen(true);
      // After the drawer stops being inert (a render later on a narrow screen).
      requestAnimationFrame(() =>
        document.querySelector<HTMLInputElement>('[data-testid="thread-search"]')?.focus(),
      );
    },
    focusComposer: () => document.querySelector<HTMLTextAreaElement>('[data-testid="composer"]')?.focus(),
    help: () => setShortcutsOpen(true),
  });

  const newThread = useCallback(() => open(null), [open]);
  const toggleMemory = useCallback(() => setMemoryOpen((value) => !value), []);
  const closeMemory = useCallback(() => setMemoryOpen(false), []);
  const retryOllama = useCallback(() => void refreshOllama(), [refreshOllama]);

  const reachable = ollama.health?.ollama.reachable ?? true;
  const modelMissing = reachable && ollama.modelsLoaded && model !== null && !ollama.installed(model);
  // One problem, one report: while the banner explains an outage or a missing model, the composer
  // repeats neither it nor the failed send it causes.
  const bannerShown = !reachable || modelMissing;
  const failure =
    chat.failure && !(bannerShown && BANNER_CODES.has(chat.failure.code))
      ? errorText({ t, locale, code: chat.failure.code, message: chat.failure.message })
      : null;
  const pickModel = useCallback(
    (name: string) => void chat.updateSettings({ model: name }).catch(() => {}),
    [chat.updateSettings],
  );

  return (
    <div
      className={`app${sidebarOpen ? " sidebar-open" : ""}${memoryOpen ? " memory-open" : ""}`}
      data-hydrated={hydrated || undefined}
    >
      <Sidebar
        threads={listed}
        activeId={threadId}
        query={threads.query}
        loaded={threads.loaded}
        hasMore={threads.hasMore}
        loadingMore={threads.loadingMore}
        onLoadMore={threads.loadMore}
        onQuery={threads.setQuery}
        onNew={newThread}
        onOpen={open}
        onRename={threads.rename}
        onDelete={remove}
        onOpenMemory={toggleMemory}
        hidden={narrow && !sidebarOpen}
      />
      <button
        type="button"
        className="scrim"
        aria-label={t.close}
        tabIndex={-1}
        onClick={() => setSidebarOpen(false)}
      />
      <main className="main">
        <header className="topbar">
          <button
            type="button"
            className="icon-button sidebar-toggle"
            aria-label={t.toggleSidebar}
            onClick={() => setSidebarOpen((value) => !value)}
          >
            <MenuIcon />
          </button>
          <ModelPicker
            models={ollama.models}
            model={model}
            defaultModel={ollama.defaultModel}
            onPick={pickModel}
            onOpen={retryOllama}
          />
          <div className="topbar-spacer" />
          <HealthMenu health={ollama.health} />
          <button
            type="button"
            className="icon-button shortcuts-button"
            data-testid="open-shortcuts"
            aria-label={t.shortcuts}
            title={t.shortcuts}
            onClick={() => setShortcutsOpen(true)}
          >
            <KeyboardIcon />
          </button>
          <button
            type="button"
            className="icon-button"
            data-testid="open-settings"
            aria-label={t.settings}
            title={t.settings}
            onClick={() => setSettingsTab("general")}
          >
            <SettingsIcon />
          </button>
          <button
            type="button"
            className={`icon-button${memoryOpen ? " active" : ""}`}
            aria-label={t.memory}
            title={t.memory}
            onClick={toggleMemory}
          >
            <BrainIcon />
          </button>
          <UserMenu />
        </header>
        <HealthBanner
          reachable={reachable}
          host={ollama.health?.ollama.host}
          missingModel={modelMissing ? model : null}
          onRetry={retryOllama}
          pull={pulls.pulls.find((job) => model !== null && sameModel(job.model, model))}
          onPull={(name) => void pulls.start(name)}
        />
        <Conversation
          messages={chat.messages}
          status={chat.status}
          monitor={chat.monitor}
          loading={chat.loadingThread}
          onRegenerate={chat.regenerate}
          onEdit={chat.editAndResend}
          title={title}
        />
        <Composer
          busy={chat.busy}
          failure={failure}
          onDismissFailure={chat.dismissFailure}
          onSend={chat.send}
          onStop={chat.stop}
          focusKey={threadId}
          unsent={chat.unsent}
        />
      </main>
      {memoryOpen && <MemoryPanel onClose={closeMemory} />}
      <ShortcutsDialog open={shortcutsOpen} onClose={() => setShortcutsOpen(false)} />
      {deletion.pending && (
        <div className="toast" role="status" data-testid="undo-toast">
          <span>{t.chatDeleted}</span>
          <button type="button" className="button small" data-testid="undo-delete" onClick={deletion.undo}>
            {t.undo}
          </button>
          <button
            type="button"
            className="icon-button small"
            aria-label={t.close}
            data-testid="dismiss-toast"
            onClick={() => void deletion.commit()}
          >
            <CloseIcon />
          </button>
        </div>
      )}
      <SettingsDialog
        open={settingsTab !== null}
        tab={settingsTab ?? "general"}
        onTab={setSettingsTab}
        onClose={() => setSettingsTab(null)}
        models={ollama.models}
        defaultModel={ollama.model}
        onDefaultModel={ollama.setModel}
        chatSettings={chat.settings}
        chatKey={threadId ?? "new"}
        onSaveChat={chat.updateSettings}
        threadId={threadId}
        onImported={() => void refreshThreads()}
        modelsPanel={
          <ModelsPanel
            models={ollama.allModels}
            pulls={pulls.pulls}
            pullFailure={pulls.failure}
            onPull={pulls.start}
            onChanged={retryOllama}
          />
        }
      />
    </div>
  );
}
