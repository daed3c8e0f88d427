"use client";

import { useState } from "react";
import { copyText } from "@/lib/client/copy-text";
import { useI18n } from "@/lib/i18n/i18n-context";
import { CheckIcon, CopyIcon } from "./icons";

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
