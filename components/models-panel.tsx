"use client";

import { type FormEvent, useState } from "react";
import { api } from "@/lib/client/api";
import { formatBytes } from "@/lib/client/format";
import type { ModelInfo, PullJob } from "@/lib/client/types";
import { errorText } from "@/lib/i18n/error-text";
import { useI18n } from "@/lib/i18n/i18n-context";
import { PullProgress } from "./pull-progress";

interface Props {
  models: ModelInfo[];
  pulls: PullJob[];
  pullFailure: string | null;
  onPull: (model: string) => Promise<void>;
  /** After a delete or an unload: the list is stale. */
  onChanged: () => void;
}

/** Ollama's models: size, family, quantisation, loaded or not; pull with progress, unload, delete. */
export function ModelsPanel({ models, pulls, pullFailure, onPull, onChanged }: Props) {
  const { t, locale } = useI18n();
  const [name, setName] = useState("");
  const [confirming, setConfirming] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const act = async (work: () => Promise<void>) => {
    setProblem(null);
    try {
      await work();
    } catch (caught) {
      const code = (caught as { code?: string }).code ?? "";
      setProblem(errorText({ t, locale, code, message: caught instanceof Error ? caught.message : "" }));
    }
    onChanged();
  };

  const pull = async (event: FormEvent) => {
    event.preventDefault();
    const model = name.trim();
    if (!model) return;
    await onPull(model);
    setName("");
  };

  return (
    <div className="models-panel" data-testid="models-panel">
      <form className="pull-form" onSubmit={pull}>
        <label className="field">
          <span className="field-label">{t.pullModel}</span>
          <input
            data-testid="pull-input"
            value={name}
            placeholder="llama3.2, gemma3:1b, …"
            onChange={(event) => setName(event.target.value)}
          />
        </label>
        <button type="submit" className="button primary" data-testid="pull-start" disabled={!name.trim()}>
          {t.pull}
        </button>
      </form>
      {(pullFailure || problem) && (
        <p className="form-error" role="alert">
          {pullFailure ?? problem}
        </p>
      )}
      {pulls.length > 0 && (
        <div className="pull-list">
          {pulls.map((job) => (
            <PullProgress key={job.model} job={job} />
          ))}
        </div>
      )}
      <ul className="model-list" aria-label={t.installedModels}>
        {models.map((model) => {
          const warm = model.warm ?? model.loaded;
          return (
            <li key={model.name} className="model-row" data-testid="model-row" data-model={model.name}>
              <div className="model-row-main">
                <span className="model-name">{model.name}</span>
                <span className="model-meta">
                  {[model.family, model.parameterSize, model.quantization, formatBytes(model.size)]
                    .filter(Boolean)
                    .join(" · ")}
                </span>
              </div>
              <span className={`badge ${warm ? "loaded" : "cold"}`} data-testid="model-state">
                {warm ? t.loaded : t.notLoaded}
              </span>
              {confirming === model.name ? (
                <span className="model-row-actions">
                  <button
                    type="button"
                    className="button danger"
                    data-testid="model-delete-confirm"
                    onClick={() => {
                      setConfirming(null);
                      void act(() => api.deleteModel({ model: model.name }));
                    }}
                  >
                    {t.deleteModelConfirm}
                  </button>
                  <button type="button" className="button" onClick={() => setConfirming(null)}>
                    {t.cancel}
                  </button>
                </span>
              ) : (
                <span className="model-row-actions">
                  {model.loaded && (
                    <button
                      type="button"
                      className="button"
                      data-testid="model-unload"
                      onClick={() => void act(() => api.unloadModel({ model: model.name }))}
                    >
                      {t.unload}
                    </button>
                  )}
                  <button
                    type="button"
                    className="button"
                    data-testid="model-delete"
                    aria-label={`${t.delete} ${model.name}`}
                    onClick={() => setConfirming(model.name)}
                  >
                    {t.delete}
                  </button>
                </span>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
