// Client factory: postgres.js when a DATABASE_URL is given, PGlite (embedded PostgreSQL)
// in a data folder otherwise. Both yield the same drizzle `Db` type, so services never
// know which driver they run on.
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema/index.ts";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction opened with `db.transaction(async (tx) => …)`. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Anything queries can run on: the database or an open transaction. */
export type Executor = Db | Tx;

export type DbConfig =
  | { driver: "postgres"; url: string; maxConnections?: number }
  | { driver: "pglite"; dataDir: string };

export interface DbHandle {
  readonly db: Db;
  readonly config: DbConfig;
  /** Runs `select 1`; resolves when the database answers. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Picks the driver: postgres.js for a DATABASE_URL, PGlite in `dataDir` otherwise. */
export function dbConfigFrom(databaseUrl: string | undefined, dataDir: string): DbConfig {
  return databaseUrl
    ? { driver: "postgres", url: databaseUrl }
    : { driver: "pglite", dataDir: resolve(dataDir) };
}

export async function openDb(config: DbConfig): Promise<DbHandle> {
  if (config.driver === "postgres") {
    const sql = postgres(config.url, {
      max: config.maxConnections ?? 10,
      onnotice: () => {},
      connection: { application_name: "switchyard" },
    });
    const db = drizzlePostgres({ client: sql, schema });
    return {
      db,
      config,
      ping: async () => {
        await sql`select 1`;
      },
      close: () => sql.end({ timeout: 5 }),
    };
  }
  // PGlite neither creates parent folders nor locks its data dir (TOOLCHAIN gotcha 4).
  mkdirSync(config.dataDir, { recursive: true });
  const client = await PGlite.create(config.dataDir);
  const db = drizzlePglite({ client, schema });
  return {
    db,
    config,
    ping: async () => {
      await client.query("select 1");
    },
    close: () => client.close(),
  };
}

const shared = Symbol.for("switchyard.db.shared");
type SharedSlot = { key: string; handle: Promise<DbHandle> };
type WithShared = typeof globalThis & { [shared]?: SharedSlot };

/**
 * One handle per process. Next.js loads route bundles separately, and several PGlite
 * instances on one data dir corrupt it, so the handle lives on globalThis
 * (TOOLCHAIN: "PGlite must be a globalThis singleton").
 */
export function sharedDb(config: DbConfig): Promise<DbHandle> {
  const g = globalThis as WithShared;
  const key = JSON.stringify(config);
  const slot = g[shared];
  if (slot) {
    if (slot.key !== key) {
      throw new Error("sharedDb: this process already holds a database handle with another configuration");
    }
    return slot.handle;
  }
  const handle = openDb(config);
  g[shared] = { key, handle };
  handle.catch(() => {
    if (g[shared]?.handle === handle) delete g[shared];
  });
  return handle;
}
