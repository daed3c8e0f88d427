import type { Metadata } from "next";
import { DiagnosticsPage } from "@/components/diagnostics/diagnostics-page";

export const metadata: Metadata = {
  title: "Diagnostics · Lumia",
  description:
    "Checks that answers stream to this browser in real time, and where the first token's time goes.",
};

export default function Diagnostics() {
  return <DiagnosticsPage />;
}
