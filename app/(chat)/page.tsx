import { redirect } from "next/navigation";
import { threadPath } from "@/lib/client/thread-url";

/**
 * A new chat: the chat itself lives in the layout, so moving between chats never remounts it. Links of
 * the earlier `/?t={id}` form lead to the chat's own address.
 */
export default async function NewChat({
  searchParams,
}: {
  searchParams: Promise<{ t?: string | string[] }>;
}) {
  const { t } = await searchParams;
  if (typeof t === "string" && t) redirect(threadPath(t));
  return null;
}
