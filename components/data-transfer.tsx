"use client";

import { type ChangeEvent, useState } from "react";
import { api } from "@/lib/client/api";
import { errorText } from "@/lib/i18n/error-text";
import { useI18n } from "@/lib/i18n/i18n-context";
import { DownloadIcon, UploadIcon } from "./icons";

/** Export all data (chats and memories, one JSON file) and import such a file, or one chat's export. */
export function DataTransfer({ onImported }: { onImported: () => void }) {
  const { t, locale } = useI18n();
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);

  const upload = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = "";
    if (!file) return;
    setResult(null);
    try {
      const imported = await api.importData({ text: await file.text() });
      setResult({ ok: true, text: t.imported(imported.threads.length, imported.memories) });
      onImported();
    } catch (caught) {
      const code = (caught as { code?: string }).code ?? "";
      setResult({
        ok: false,
        text: errorText({ t, locale, code, message: caught instanceof Error ? caught.message : "" }),
      });
    }
  };

  return (
    <fieldset className="field">
      <legend>{t.yourData}</legend>
      <div className="data-actions">
        <a className="button" href="/api/export" download data-testid="export-all">
          <DownloadIcon /> {t.exportAll}
        </a>
        <label className="button file-button">
          <UploadIcon /> {t.importFile}
          <input
            type="file"
            accept="application/json,.json"
            data-testid="import-file"
            className="visually-hidden"
            onChange={(event) => void upload(event)}
          />
        </label>
      </div>
      <span
        className={result?.ok === false ? "form-error" : "field-hint"}
        role="status"
        data-testid="import-result"
      >
        {result?.text ?? t.importHint}
      </span>
    </fieldset>
  );
}

/** One chat's downloads: Markdown to read, JSON to import again. */
export function ChatExport({ threadId }: { threadId: string }) {
  const { t } = useI18n();
  const base = `/api/threads/${encodeURIComponent(threadId)}/export`;
  return (
    <div className="data-actions">
      <a className="button" href={`${base}?format=markdown`} download data-testid="export-markdown">
        <DownloadIcon /> {t.exportMarkdown}
      </a>
      <a className="button" href={`${base}?format=json`} download data-testid="export-json">
        <DownloadIcon /> {t.exportJson}
      </a>
    </div>
  );
}
