import { DEFAULT_DATABASE_URL } from "./sqlite-file";

/** Which database a URL names: `file:` URLs are SQLite, `postgres(ql)://` URLs PostgreSQL. */
export type DatabaseProvider = "sqlite" | "postgresql";

export function databaseProvider(
  url: string = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL,
): DatabaseProvider {
  return /^postgres(?:ql)?:\/\//i.test(url) ? "postgresql" : "sqlite";
}
