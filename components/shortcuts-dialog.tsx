"use client";

import { useI18n } from "@/lib/i18n/i18n-context";
import { Modal } from "./modal";

/** The keyboard shortcuts, as `useShortcuts` implements them. */
export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const rows: [string[], string][] = [
    [["Ctrl", "Shift", "O"], t.shortcutNewChat],
    [["Ctrl", "K"], t.shortcutSearch],
    [["Shift", "Esc"], t.shortcutComposer],
    [["Esc"], t.shortcutStop],
    [["Ctrl", "/"], t.shortcutHelp],
  ];
  return (
    <Modal open={open} title={t.shortcuts} onClose={onClose} testId="shortcuts">
      <table className="shortcuts-table">
        <tbody>
          {rows.map(([keys, what]) => (
            <tr key={what}>
              <td>{what}</td>
              <td>
                {keys.map((key, index) => (
                  <span key={key}>
                    {index > 0 && " + "}
                    <kbd>{key}</kbd>
                  </span>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Modal>
  );
}
