import { getDb } from "./client";

/**
 * Whose data a query may touch: one user's (accounts on), or everything (the single local user, accounts
 * off). Every lib/db function that reads or writes threads, messages or memories takes one.
 */
export type Owner = { userId: string } | "local";

/** The Prisma `where` part that keeps a query to the owner's rows. */
export function ownerWhere(owner: Owner): { userId?: string } {
  return owner === "local" ? {} : { userId: owner.userId };
}

/** The owner's id to store on a new row (none for the local user). */
export function ownerId(owner: Owner): string | null {
  return owner === "local" ? null : owner.userId;
}

/**
 * Gives the threads and memories written before accounts existed to `userId` (the first admin).
 * Returns how many of each.
 */
export async function adoptUnownedData({
  userId,
}: {
  userId: string;
}): Promise<{ threads: number; memories: number }> {
  const db = await getDb();
  const threads = await db.thread.updateMany({ where: { userId: null }, data: { userId } });
  const memories = await db.memory.updateMany({ where: { userId: null }, data: { userId } });
  return { threads: threads.count, memories: memories.count };
}
