"use client";

import { type FormEvent, type ReactNode, useState } from "react";
import type { ModelInfo } from "@/lib/client/types";
import type { ThreadSettings } from "@/lib/db/types";
import { useI18n } from "@/lib/i18n/i18n-context";
import type { Locale } from "@/lib/i18n/messages";
import { applyTheme, THEME_COOKIE, type ThemeChoice, writePreferenceCookie } from "@/lib/i18n/preferences";
import { ChatExport, DataTransfer } from "./data-transfer";
import { Modal } from "./modal";

export type SettingsTab = "general" | "chat" | "models";

interface Props {
  open: boolean;
  tab: SettingsTab;
  onTab: (tab: SettingsTab) => void;
  onClose: () => void;
  models: ModelInfo[];
  defaultModel: string | null;
  onDefaultModel: (name: string) => void;
  /** The shown chat's settings (a new chat's: the ones it will be created with). */
  chatSettings: ThreadSettings;
  /** Changes when another chat is shown: the chat form starts again from its settings. */
  chatKey: string;
  onSaveChat: (changes: ThreadSettings) => Promise<void>;
  /** The shown chat's id (null: a new chat, nothing to export yet). */
  threadId: string | null;
  /** After an import: the chat list is stale. */
  onImported: () => void;
  /** The model management tab, rendered by the caller. */
  modelsPanel: ReactNode;
}

/** Settings: the app's (theme, language, default model), this chat's (model, system prompt, options), models. */
export function SettingsDialog(props: Props) {
  const { t } = useI18n();
  const tabs: [SettingsTab, string][] = [
    ["general", t.settingsGeneral],
    ["chat", t.settingsChat],
    ["models", t.settingsModels],
  ];
  return (
    <Modal open={props.open} title={t.settings} onClose={props.onClose} testId="settings" wide>
      <div className="tabs" role="tablist" aria-label={t.settings}>
        {tabs.map(([id, label]) => (
          <button
            key={id}
            type="button"
            role="tab"
            id={`settings-tab-${id}`}
            aria-controls={`settings-panel-${id}`}
            aria-selected={props.tab === id}
            tabIndex={props.tab === id ? 0 : -1}
            data-testid={`settings-tab-${id}`}
            className="tab"
            onClick={() => props.onTab(id)}
            onKeyDown={(event) => {
              const index = tabs.findIndex(([tab]) => tab === id);
              const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
              if (!step) return;
              const next = tabs[(index + step + tabs.length) % tabs.length];
              if (!next) return;
              props.onTab(next[0]);
              document.getElementById(`settings-tab-${next[0]}`)?.focus();
            }}
          >
            {label}
          </button>
        ))}
      </div>
      <div
        className="tab-panel"
        role="tabpanel"
        id={`settings-panel-${props.tab}`}
        aria-labelledby={`settings-tab-${props.tab}`}
      >
        {props.tab === "general" && <GeneralSettings {...props} />}
        {props.tab === "chat" && <ChatSettings key={props.chatKey} {...props} />}
        {props.tab === "models" && props.modelsPanel}
      </div>
    </Modal>
  );
}

function currentTheme(): ThemeChoice {
  const value = document.documentElement.dataset.theme;
  return value === "light" || value === "dark" ? value : "system";
}

function GeneralSettings({ models, defaultModel, onDefaultModel, onImported }: Props) {
  const { t, locale, setLocale } = useI18n();
  const [theme, setTheme] = useState<ThemeChoice>(currentTheme);
  const pickTheme = (next: ThemeChoice) => {
    setTheme(next);
    applyTheme(next);
    writePreferenceCookie({ name: THEME_COOKIE, value: next === "system" ? null : next });
  };
  const themes: [ThemeChoice, string][] = [
    ["light", t.themeLight],
    ["dark", t.themeDark],
    ["system", t.themeSystem],
  ];
  return (
    <div className="settings-form">
      <fieldset className="field">
        <legend>{t.theme}</legend>
        <div className="segmented">
          {themes.map(([value, label]) => (
            <label key={value} className="segment">
              <input
                type="radio"
                name="theme"
                value={value}
                data-testid={`theme-${value}`}
                checked={theme === value}
                onChange={() => pickTheme(value)}
              />
              {label}
            </label>
          ))}
        </div>
      </fieldset>
      <label className="field">
        <span className="field-label">{t.language}</span>
        <select
          data-testid="settings-language"
          value={locale}
          onChange={(event) => setLocale(event.target.value as Locale)}
        >
          <option value="en">English</option>
          <option value="sv">Svenska</option>
        </select>
      </label>
      <label className="field">
        <span className="field-label">{t.defaultModelLabel}</span>
        <select
          data-testid="default-model"
          value={defaultModel ?? ""}
          onChange={(event) => onDefaultModel(event.target.value)}
        >
          {defaultModel && !models.some((m) => m.name === defaultModel) && (
            <option value={defaultModel}>{defaultModel}</option>
          )}
          {models.map((model) => (
            <option key={model.name} value={model.name}>
              {model.name}
            </option>
          ))}
        </select>
        <span className="field-hint">{t.defaultModelHint}</span>
      </label>
      <DataTransfer onImported={onImported} />
    </div>
  );
}

const numberOrNull = (text: string): number | null => {
  const value = Number(text);
  return text.trim() === "" || !Number.isFinite(value) ? null : value;
};

function ChatSettings({ models, defaultModel, chatSettings, onSaveChat, threadId }: Props) {
  const { t } = useI18n();
  const options = chatSettings.options ?? {};
  const [model, setModel] = useState(chatSettings.model ?? "");
  const [systemPrompt, setSystemPrompt] = useState(chatSettings.systemPrompt ?? "");
  const [temperature, setTemperature] = useState(
    typeof options.temperature === "number" ? String(options.temperature) : "",
  );
  const [numCtx, setNumCtx] = useState(typeof options.num_ctx === "number" ? String(options.num_ctx) : "");
  const [state, setState] = useState<
    { kind: "idle" | "saving" | "saved" } | { kind: "error"; message: string }
  >({ kind: "idle" });

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const { temperature: _t, num_ctx: _n, ...others } = options;
    const next: Record<string, unknown> = { ...others };
    const temp = numberOrNull(temperature);
    const ctx = numberOrNull(numCtx);
    if (temp !== null) next.temperature = temp;
    if (ctx !== null) next.num_ctx = Math.round(ctx);
    setState({ kind: "saving" });
    try {
      await onSaveChat({
        model: model || null,
        systemPrompt: systemPrompt.trim() ? systemPrompt : null,
        options: Object.keys(next).length ? next : null,
      });
      setState({ kind: "saved" });
    } catch (caught) {
      setState({ kind: "error", message: caught instanceof Error ? caught.message : String(caught) });
    }
  };

  return (
    <form className="settings-form" onSubmit={save} data-testid="chat-settings">
      <p className="field-hint">{t.chatSettingsIntro}</p>
      <label className="field">
        <span className="field-label">{t.model}</span>
        <select data-testid="chat-model" value={model} onChange={(event) => setModel(event.target.value)}>
          <option value="">{t.useDefaultModel(defaultModel ?? "")}</option>
          {model && !models.some((m) => m.name === model) && <option value={model}>{model}</option>}
          {models.map((entry) => (
            <option key={entry.name} value={entry.name}>
              {entry.name}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field-label">{t.systemPrompt}</span>
        <textarea
          data-testid="system-prompt"
          rows={4}
          value={systemPrompt}
          placeholder={t.systemPromptPlaceholder}
          onChange={(event) => setSystemPrompt(event.target.value)}
        />
      </label>
      <div className="field-row">
        <label className="field">
          <span className="field-label">{t.temperature}</span>
          <input
            type="number"
            data-testid="temperature"
            min={0}
            max={2}
            step={0.1}
            placeholder={t.modelDefault}
            value={temperature}
            onChange={(event) => setTemperature(event.target.value)}
          />
        </label>
        <label className="field">
          <span className="field-label">{t.contextSize}</span>
          <input
            type="number"
            data-testid="num-ctx"
            min={256}
            step={256}
            placeholder={t.modelDefault}
            value={numCtx}
            onChange={(event) => setNumCtx(event.target.value)}
          />
        </label>
      </div>
      <div className="form-actions">
        <span className="field-hint" role="status" data-testid="chat-settings-status">
          {state.kind === "saved" ? t.saved : state.kind === "error" ? state.message : ""}
        </span>
        <button
          type="submit"
          className="button primary"
          data-testid="save-chat-settings"
          disabled={state.kind === "saving"}
        >
          {t.save}
        </button>
      </div>
      {threadId && (
        <fieldset className="field">
          <legend>{t.exportChat}</legend>
          <ChatExport threadId={threadId} />
        </fieldset>
      )}
    </form>
  );
}
