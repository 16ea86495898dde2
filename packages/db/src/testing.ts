// Test support: throwaway databases on the real PostgreSQL server and in temp PGlite dirs.
// Used by *.int.test.ts across the repo; never imported by product code.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import type { DbConfig } from "./client.ts";

/** Server the tests create their databases on; .ci/run points it at its own test database. */
export const testPgUrl = process.env.SWITCHYARD_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export interface TestDatabase {
  readonly config: DbConfig;
  /** The database URL (postgres) or data dir (pglite), for child processes. */
  readonly location: string;
  drop(): Promise<void>;
}

/** Creates an empty database named switchyard_t_<random> on the real server. */
export async function createPostgresTestDatabase(): Promise<TestDatabase> {
  const name = `switchyard_t_${randomBytes(6).toString("hex")}`;
  const admin = postgres(testPgUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`); // name is generated above: [a-z0-9_] only
  } finally {
    await admin.end();
  }
  const url = new URL(testPgUrl);
  url.pathname = `/${name}`;
  return {
    config: { driver: "postgres", url: url.toString() },
    location: url.toString(),
    drop: async () => {
      const a = postgres(testPgUrl, { max: 1, onnotice: () => {} });
      try {
        await a.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await a.end();
      }
    },
  };
}

export function createPgliteTestDatabase(): TestDatabase {
  const dir = mkdtempSync(join(tmpdir(), "switchyard-pglite-"));
  const dataDir = join(dir, "data");
  return {
    config: { driver: "pglite", dataDir },
    location: dataDir,
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

export const testDatabaseFactories = {
  postgres: createPostgresTestDatabase,
  pglite: async () => createPgliteTestDatabase(),
} as const;
