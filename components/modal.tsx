"use client";

import { type ReactNode, useEffect, useRef } from "react";
import { useI18n } from "@/lib/i18n/i18n-context";
import { CloseIcon } from "./icons";

interface Props {
  open: boolean;
  title: string;
  onClose: () => void;
  testId: string;
  children: ReactNode;
  wide?: boolean;
}

/**
 * A modal on the native <dialog>: showModal() makes the rest of the page inert and keeps the focus
 * inside, Esc closes it, and the focus goes back to what opened it.
 */
export function Modal({ open, title, onClose, testId, children, wide }: Props) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const latestClose = useRef(onClose);
  latestClose.current = onClose;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const closed = () => latestClose.current();
    dialog.addEventListener("close", closed);
    return () => dialog.removeEventListener("close", closed);
  }, []);

  return (
    <dialog
      ref={ref}
      className={`modal${wide ? " wide" : ""}`}
      data-testid={testId}
      aria-labelledby={`${testId}-title`}
      onKeyDown={(event) => {
        // Esc closes the dialog, and only the dialog (not the answer streaming behind it).
        if (event.key === "Escape") event.stopPropagation();
      }}
    >
      {open && (
        <>
          <header className="modal-head">
            <h2 id={`${testId}-title`}>{title}</h2>
            <button type="button" className="icon-button" aria-label={t.close} onClick={onClose}>
              <CloseIcon />
            </button>
          </header>
          <div className="modal-body">{children}</div>
        </>
      )}
    </dialog>
  );
}
