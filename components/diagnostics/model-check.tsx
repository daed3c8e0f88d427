"use client";

import { useEffect, useState } from "react";
import type { CheckState, ModelResult } from "@/hooks/use-stream-self-test";
import { api } from "@/lib/client/api";
import { formatMs, formatRate } from "@/lib/client/format";
import { sameModel } from "@/lib/client/model-names";
import type { ModelInfo } from "@/lib/client/types";
import styles from "./diagnostics.module.css";
import { useDiagnosticsStrings } from "./strings";

// The chat screen's saved pick, so the check times the model the user chats with.
const MODEL_KEY = "lumia.model";

/** Model picker, run button and the time-to-first-token breakdown of one short answer. */
export function ModelCheck({
  check,
  disabled,
  onRun,
}: {
  check: CheckState<ModelResult>;
  /** The path check is running: one measurement at a time. */
  disabled: boolean;
  onRun: (input: { model: string }) => void;
}) {
  const t = useDiagnosticsStrings();
  const [models, setModels] = useState<ModelInfo[] | null>(null);
  const [model, setModel] = useState("");

  useEffect(() => {
    let live = true;
    api
      .models()
      .then(({ models: installed, defaultModel }) => {
        if (!live) return;
        // Embedding models cannot answer; models whose capabilities Ollama does not report may.
        const chat = installed.filter(
          (m) => !m.capabilities?.length || m.capabilities.includes("completion"),
        );
        const saved = localStorage.getItem(MODEL_KEY);
        const initial =
          chat.find((m) => saved && sameModel(m.name, saved)) ??
          chat.find((m) => sameModel(m.name, defaultModel)) ??
          chat[0];
        setModels(chat);
        setModel(initial?.name ?? "");
      })
      .catch(() => live && setModels([]));
    return () => {
      live = false;
    };
  }, []);

  const running = check.status === "running";
  return (
    <div className={styles.modelCheck} data-testid="diag-model-check" data-state={check.status}>
      <form
        className={styles.form}
        onSubmit={(event) => {
          event.preventDefault();
          if (model) onRun({ model });
        }}
      >
        <label className={styles.field}>
          <span>{t.model}</span>
          <select
            value={model}
            data-testid="diag-model"
            disabled={!models?.length}
            onChange={(event) => setModel(event.target.value)}
          >
            {models?.length === 0 && <option value="">{t.noModels}</option>}
            {models?.map((m) => (
              <option key={m.name} value={m.name}>
                {m.name}
                {m.loaded ? " ●" : ""}
              </option>
            ))}
          </select>
        </label>
        <button
          type="submit"
          className="button primary"
          data-testid="diag-model-run"
          disabled={running || disabled || !model}
        >
          {running ? t.running : t.runModel}
        </button>
      </form>
      {running && (
        <div className={styles.progress} data-indeterminate="">
          <div />
        </div>
      )}
      {check.status === "error" && (
        <p className={styles.errorText} data-testid="diag-model-error">
          {check.error}
        </p>
      )}
      {check.result && <Breakdown result={check.result} />}
    </div>
  );
}

function Breakdown({ result }: { result: ModelResult }) {
  const t = useDiagnosticsStrings();
  const { firstChunkMs, loadMs, promptEvalMs, restMs, serverStats } = result;
  if (firstChunkMs === null || loadMs === null || promptEvalMs === null || restMs === null) return null;
  const total = Math.max(1, loadMs + promptEvalMs + restMs);
  const parts = [
    { key: "load", testId: "diag-model-load", label: t.load, ms: loadMs, className: styles.segLoad },
    {
      key: "prompt",
      testId: "diag-model-prompt",
      label: t.promptEval,
      ms: promptEvalMs,
      className: styles.segPrompt,
    },
    { key: "rest", testId: "diag-model-rest", label: t.rest, ms: restMs, className: styles.segRest },
  ];
  return (
    <div className={styles.breakdown}>
      <div className={styles.breakdownHead}>
        <span className={styles.metricLabel}>{t.firstToken}</span>
        <span className={styles.metricValue} data-testid="diag-model-first" data-value={firstChunkMs}>
          {formatMs(firstChunkMs)}
        </span>
        <span className={styles.metricSub}>
          {result.model}
          {serverStats?.tokens_per_second !== undefined &&
            ` · ${formatRate(serverStats.tokens_per_second)} ${t.tokensPerSecond}`}
          {serverStats?.total_ms !== undefined && ` · ${t.total} ${formatMs(serverStats.total_ms)}`}
        </span>
      </div>
      <div
        className={styles.bar}
        role="img"
        aria-label={parts.map((p) => `${p.label} ${formatMs(p.ms)}`).join(", ")}
      >
        {parts.map((part) => (
          <div
            key={part.key}
            className={`${styles.barSegment} ${part.className}`}
            style={{ flexGrow: part.ms / total }}
          />
        ))}
      </div>
      <ul className={styles.barLegend}>
        {parts.map((part) => (
          <li key={part.key} className={styles.barItem} data-testid={part.testId} data-value={part.ms}>
            <i className={part.className} />
            <span>{part.label}</span>
            <strong>{formatMs(part.ms)}</strong>
          </li>
        ))}
      </ul>
      {result.text && (
        <p className={styles.answer}>
          <span className={styles.metricLabel}>{t.answer}</span> {result.text}
        </p>
      )}
    </div>
  );
}
