import { ChatApp } from "@/components/chat-app";
import { I18nProvider } from "@/lib/i18n/i18n-context";

export default function Home() {
  return (
    <I18nProvider>
      <ChatApp />
    </I18nProvider>
  );
}
