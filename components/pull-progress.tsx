"use client";

import { formatBytes } from "@/lib/client/format";
import type { PullJob } from "@/lib/client/types";
import { useI18n } from "@/lib/i18n/i18n-context";

/** One pull's progress bar: bytes of the layer being downloaded, Ollama's status line, or the failure. */
export function PullProgress({ job }: { job: PullJob }) {
  const { t } = useI18n();
  const percent = job.total ? Math.round((job.completed / job.total) * 100) : 0;
  return (
    <div className="pull" data-testid="pull-progress" data-model={job.model} data-state={job.state}>
      <div className="pull-line">
        <span className="pull-name">{job.model}</span>
        <span className="pull-status">
          {job.state === "error"
            ? job.error
            : job.state === "done"
              ? t.pullDone
              : job.total
                ? `${formatBytes(job.completed)} / ${formatBytes(job.total)} · ${percent}%`
                : job.status}
        </span>
      </div>
      {job.state !== "error" && (
        <div
          className="pull-bar"
          role="progressbar"
          aria-label={t.pullOf(job.model)}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={job.state === "done" ? 100 : percent}
        >
          <span style={{ width: `${job.state === "done" ? 100 : percent}%` }} />
        </div>
      )}
    </div>
  );
}
