// Applies the committed SQL migrations (drizzle-kit output in ../drizzle) at start-up.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import type { PostgresJsDatabase } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import type { DbHandle, Schema } from "./client.ts";

// Built with path.join, not new URL(): Turbopack cannot resolve the latter (TOOLCHAIN gotcha 2).
export const defaultMigrationsFolder = join(dirname(fileURLToPath(import.meta.url)), "..", "drizzle");

/** Thrown when a migration cannot be applied; `cause` holds the driver's error. */
export class MigrationError extends Error {
  override readonly name = "MigrationError";
}

export async function migrate(handle: DbHandle, migrationsFolder = defaultMigrationsFolder): Promise<void> {
  try {
    // The handle was built by openDb for exactly this driver; the casts only narrow
    // the shared Db type back to the driver-specific one the migrator wants.
    if (handle.config.driver === "postgres") {
      await migratePostgres(handle.db as PostgresJsDatabase<Schema>, { migrationsFolder });
    } else {
      await migratePglite(handle.db as PgliteDatabase<Schema>, { migrationsFolder });
    }
  } catch (err) {
    const reason = describe(err);
    throw new MigrationError(`database migrations failed (${handle.config.driver}): ${reason}`, {
      cause: err,
    });
  }
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error ? `: ${err.cause.message}` : "";
  return `${err.message.split("\n")[0] ?? err.message}${cause}`;
}
