"use client";

import { useState } from "react";
import { useI18n } from "@/lib/i18n/i18n-context";
import { CheckIcon, CopyIcon } from "./icons";

async function copyText(text: string) {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // Clipboard API refused (insecure origin, no permission): fall back to a hidden textarea.
    const area = document.createElement("textarea");
    area.value = text;
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.append(area);
    area.select();
    document.execCommand("copy");
    area.remove();
  }
}

export function CopyButton({ getText, label }: { getText: () => string; label?: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="icon-button small"
      data-testid="copy"
      title={copied ? t.copied : t.copy}
      aria-label={copied ? t.copied : t.copy}
      onClick={async () => {
        await copyText(getText());
        setCopied(true);
        setTimeout(() => setCopied(false), 1500);
      }}
    >
      {copied ? <CheckIcon /> : <CopyIcon />}
      {label && <span>{copied ? t.copied : label}</span>}
    </button>
  );
}
