"use client";

import type { MemoriesUsed as MemoriesUsedData } from "@/lib/client/types";
import { useI18n } from "@/lib/i18n/i18n-context";
import { BrainIcon } from "./icons";

/** The memories that went into an answer, folded by default. */
export function MemoriesUsed({ used }: { used: MemoriesUsedData }) {
  const { t } = useI18n();
  if (used.memories.length === 0) return null;
  return (
    <details className="memories-used" data-testid="memories-used">
      <summary>
        <BrainIcon />
        {t.memoriesUsed(used.memories.length)}
        <span className="muted"> · {used.method}</span>
      </summary>
      <ul>
        {used.memories.map((memory) => (
          <li key={memory.id} data-testid="memory-used">
            <span>{memory.content}</span>
            <span className="score">{memory.score.toFixed(2)}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}
