import type { ReactNode } from "react";
import { ChatApp } from "@/components/chat-app";

/** The chat screen, shared by `/` (a new chat) and `/c/{id}`: it stays mounted when the address changes. */
export default function ChatLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <ChatApp />
      {children}
    </>
  );
}
