"use client";

import { memo, useEffect, useRef, useState } from "react";
import { formatBytes } from "@/lib/client/format";
import { sameModel } from "@/lib/client/model-names";
import type { ModelInfo } from "@/lib/client/types";
import { useI18n } from "@/lib/i18n/i18n-context";
import { CheckIcon, ChevronIcon } from "./icons";

interface Props {
  models: ModelInfo[];
  model: string | null;
  defaultModel: string | null;
  onPick: (name: string) => void;
  onOpen: () => void;
}

/** The installed models in a popover list, with a badge on those Ollama has loaded now. */
export const ModelPicker = memo(function ModelPicker({ models, model, defaultModel, onPick, onOpen }: Props) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const list = useRef<HTMLDivElement>(null);
  const current = models.find((m) => m.name === model);

  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent | KeyboardEvent) => {
      if (
        event instanceof KeyboardEvent
          ? event.key === "Escape"
          : !root.current?.contains(event.target as Node)
      ) {
        setOpen(false);
        if (event instanceof KeyboardEvent) button.current?.focus();
      }
    };
    document.addEventListener("mousedown", close);
    document.addEventListener("keydown", close);
    return () => {
      document.removeEventListener("mousedown", close);
      document.removeEventListener("keydown", close);
    };
  }, [open]);

  const count = models.length;
  useEffect(() => {
    if (!open || count === 0) return;
    // The listbox takes the focus on its selected option (or its first), once it has options.
    const options = list.current?.querySelectorAll<HTMLButtonElement>('[role="option"]');
    const chosen = list.current?.querySelector<HTMLButtonElement>('[role="option"][aria-selected="true"]');
    (chosen ?? options?.[0])?.focus();
  }, [open, count]);

  return (
    <div className="model-picker" ref={root}>
      <button
        type="button"
        ref={button}
        className="model-picker-button"
        data-testid="model-picker"
        aria-haspopup="listbox"
        aria-expanded={open}
        onClick={() => {
          if (!open) onOpen();
          setOpen(!open);
        }}
      >
        <span className="model-name">{model ?? t.model}</span>
        {current && <WarmBadge model={current} />}
        <ChevronIcon />
      </button>
      {open && (
        <div
          className="model-menu"
          role="listbox"
          aria-label={t.model}
          ref={list}
          tabIndex={-1}
          onKeyDown={(event) => {
            const options = [...(list.current?.querySelectorAll<HTMLButtonElement>('[role="option"]') ?? [])];
            const index = options.indexOf(document.activeElement as HTMLButtonElement);
            const last = options.length - 1;
            const next =
              event.key === "ArrowDown"
                ? Math.min(index + 1, last)
                : event.key === "ArrowUp"
                  ? Math.max(index - 1, 0)
                  : event.key === "Home"
                    ? 0
                    : event.key === "End"
                      ? last
                      : null;
            if (next === null) return;
            event.preventDefault();
            options[next]?.focus();
          }}
        >
          {models.length === 0 && <div className="model-menu-empty">{t.noModels}</div>}
          {models.map((entry) => (
            <button
              type="button"
              role="option"
              aria-selected={entry.name === model}
              key={entry.name}
              className="model-option"
              data-testid="model-option"
              data-model={entry.name}
              data-loaded={entry.loaded}
              tabIndex={entry.name === model ? 0 : -1}
              onClick={() => {
                onPick(entry.name);
                setOpen(false);
                button.current?.focus();
              }}
            >
              <span className="model-option-main">
                <span className="model-name">{entry.name}</span>
                <span className="muted">
                  {[entry.parameterSize, entry.quantization, formatBytes(entry.size)]
                    .filter(Boolean)
                    .join(" · ")}
                </span>
              </span>
              {defaultModel && sameModel(entry.name, defaultModel) && (
                <span className="badge">{t.defaultModel}</span>
              )}
              <WarmBadge model={entry} />
              <span className="check">{entry.name === model && <CheckIcon />}</span>
            </button>
          ))}
        </div>
      )}
    </div>
  );
});

/** Warm (loaded: answers without a load) or cold; the server's `warm` when it reports one. */
function WarmBadge({ model }: { model: ModelInfo }) {
  const { t } = useI18n();
  const warm = model.warm ?? model.loaded;
  return (
    <span className={`badge ${warm ? "loaded" : "cold"}`} data-testid="warm-badge" data-warm={warm}>
      {warm ? t.loaded : t.notLoaded}
    </span>
  );
}
