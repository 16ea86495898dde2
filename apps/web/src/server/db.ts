import { type DbHandle, dbConfigFrom, sharedDb } from "@switchyard/db";
import { env } from "../env.ts";

/** The process-wide database handle (opened and migrated by server.ts before listening). */
export function getDb(): Promise<DbHandle> {
  const e = env();
  return sharedDb(dbConfigFrom(e.DATABASE_URL, e.dataDir));
}
