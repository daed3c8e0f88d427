"use client";

import { memo } from "react";
import type { PullJob } from "@/lib/client/types";
import { useI18n } from "@/lib/i18n/i18n-context";
import { CopyButton } from "./copy-button";
import { AlertIcon } from "./icons";
import { PullProgress } from "./pull-progress";

interface Props {
  reachable: boolean;
  host: string | undefined;
  missingModel: string | null;
  onRetry: () => void;
  /** The pull of the missing model, once started (it runs on the server). */
  pull: PullJob | undefined;
  onPull: (model: string) => void;
}

/** Says why answers can't work and the one command that fixes it. */
export const HealthBanner = memo(function HealthBanner({
  reachable,
  host,
  missingModel,
  onRetry,
  pull,
  onPull,
}: Props) {
  const { t } = useI18n();
  if (reachable && !missingModel) return null;
  const command = reachable ? `ollama pull ${missingModel}` : "ollama serve";
  return (
    <div
      className="health-banner"
      data-testid="health-banner"
      role="alert"
      data-problem={reachable ? "model" : "down"}
    >
      <AlertIcon />
      <div className="health-text">
        <strong>{reachable ? t.modelMissing(missingModel ?? "") : t.ollamaDown}</strong>
        {!reachable && host && <span className="health-host">{host}</span>}
        <span className="health-fix">
          {reachable ? t.modelMissingFix : t.ollamaDownFix} <code data-testid="health-fix">{command}</code>
          <CopyButton getText={() => command} />
        </span>
        {reachable && missingModel && pull && <PullProgress job={pull} />}
      </div>
      {reachable && missingModel && pull?.state !== "pulling" ? (
        <button
          type="button"
          className="button primary"
          data-testid="pull-missing"
          onClick={() => onPull(missingModel)}
        >
          {t.pullInPlace(missingModel)}
        </button>
      ) : (
        <button type="button" className="button ghost" onClick={onRetry}>
          {t.retry}
        </button>
      )}
    </div>
  );
});
