"use client";

import { type ReactNode, useEffect, useId, useRef, useState } from "react";

/** A header button with a small panel below it; Esc or a click outside closes it. */
export function PopoverMenu({
  label,
  icon,
  testId,
  children,
}: {
  label: string;
  icon: ReactNode;
  testId: string;
  children: (close: () => void) => ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const id = useId();
  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent | KeyboardEvent) => {
      if (
        event instanceof KeyboardEvent
          ? event.key === "Escape"
          : !root.current?.contains(event.target as Node)
      )
        setOpen(false);
    };
    document.addEventListener("mousedown", close);
    document.addEventListener("keydown", close);
    return () => {
      document.removeEventListener("mousedown", close);
      document.removeEventListener("keydown", close);
    };
  }, [open]);
  return (
    <div className="popover" ref={root}>
      <button
        type="button"
        className={`icon-button${open ? " active" : ""}`}
        aria-label={label}
        title={label}
        aria-expanded={open}
        aria-controls={id}
        data-testid={testId}
        onClick={() => setOpen(!open)}
      >
        {icon}
      </button>
      {open && (
        <div className="popover-panel" id={id} data-testid={`${testId}-panel`}>
          {children(() => setOpen(false))}
        </div>
      )}
    </div>
  );
}
