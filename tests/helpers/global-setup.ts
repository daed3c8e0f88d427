import type { TestProject } from "vitest/node";
import { ensureBuild } from "./ensure-build";
import { makeSqliteTemplate } from "./sqlite-template";

/**
 * Vitest's global set-up, once per run (the projects of vitest.config.ts do not repeat it): the
 * production build, before any file (two files at a time must not both start `next build` on one
 * `.next`), and on the SQLite pass the migrated template every test database is copied from.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  ensureBuild();
  if (project.config.env?.LUMIA_TEST_DATABASE === "postgres") return undefined;
  const template = await makeSqliteTemplate();
  project.provide("sqliteTemplate", template.file);
  return template.remove;
}
