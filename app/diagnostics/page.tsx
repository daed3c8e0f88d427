import type { Metadata } from "next";
import { DiagnosticsPage } from "@/components/diagnostics/diagnostics-page";
import { I18nProvider } from "@/lib/i18n/i18n-context";

export const metadata: Metadata = {
  title: "Diagnostics · Lumia",
  description:
    "Checks that answers stream to this browser in real time, and where the first token's time goes.",
};

export default function Diagnostics() {
  return (
    <I18nProvider>
      <DiagnosticsPage />
    </I18nProvider>
  );
}
