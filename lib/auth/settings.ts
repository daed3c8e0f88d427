import { getDb } from "@/lib/db/client";

/** Settings an admin changes while Lumia runs. */
export interface AdminSettings {
  /** New accounts wait for an admin's approval before they can sign in. */
  requireApproval: boolean;
}

const DEFAULTS: AdminSettings = { requireApproval: true };

/** The admin settings, defaults for those never set. */
export async function getAdminSettings(): Promise<AdminSettings> {
  const db = await getDb();
  const rows = await db.setting.findMany();
  const stored = Object.fromEntries(rows.map((row) => [row.key, row.value]));
  return {
    requireApproval:
      stored.requireApproval === undefined ? DEFAULTS.requireApproval : stored.requireApproval === "true",
  };
}

/** Changes admin settings; returns them all. */
export async function updateAdminSettings(changes: Partial<AdminSettings>): Promise<AdminSettings> {
  const db = await getDb();
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    await db.setting.upsert({
      where: { key },
      create: { key, value: String(value) },
      update: { value: String(value) },
    });
  }
  return getAdminSettings();
}
