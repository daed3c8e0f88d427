"use client";

import { isValidElement, type ReactNode, useRef } from "react";
import { CopyButton } from "./copy-button";

function languageOf(children: ReactNode): string | null {
  const child = Array.isArray(children) ? children[0] : children;
  if (!isValidElement<{ className?: string }>(child)) return null;
  const match = /language-([\w+#.-]+)/.exec(child.props.className ?? "");
  return match?.[1] ?? null;
}

/** A fenced code block with its language and a copy button that copies the code as text. */
export function CodeBlock({ children }: { children: ReactNode }) {
  const preRef = useRef<HTMLPreElement>(null);
  const language = languageOf(children);
  return (
    <div className="code-block" data-testid="code-block">
      <div className="code-block-bar">
        <span className="code-block-lang">{language ?? "text"}</span>
        <CopyButton getText={() => preRef.current?.textContent ?? ""} />
      </div>
      {/* Focusable so that a wide block scrolls with the arrow keys (axe: scrollable-region-focusable). */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard */}
      {/* biome-ignore lint/a11y/useSemanticElements: the code stays a pre; the role names it as a region */}
      <pre ref={preRef} tabIndex={0} role="region" aria-label={`${language ?? "text"} code`}>
        {children}
      </pre>
    </div>
  );
}
