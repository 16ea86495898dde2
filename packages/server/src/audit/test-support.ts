// Shared by the audit *.int.test.ts files (never imported by product code): migrated
// throwaway databases on both drivers, raw SQL as the server's superuser, seeding.
import { randomBytes } from "node:crypto";
import { cpSync } from "node:fs";
// Not exported by @switchyard/db yet (its index is not this module's to edit): see the report.
import { type Db, type DbHandle, ensureAppRole, migrate, openDb } from "@switchyard/db";
import {
  createPgliteTestDatabase,
  type TestDatabase,
  testDatabaseFactories,
  testPgUrl,
} from "@switchyard/db/testing";
import { type SQL, sql } from "drizzle-orm";
import { recordAudit } from "./record.ts";
import { rowsOf } from "./row.ts";
import type { AuditEventInput } from "./types.ts";

export type Driver = keyof typeof testDatabaseFactories;
export const drivers = Object.keys(testDatabaseFactories) as Driver[];

export interface MigratedDb {
  tdb: TestDatabase;
  handle: DbHandle;
  db: Db;
  close(): Promise<void>;
}

/**
 * A fresh migrated database. PGlite's first start (initdb) takes 10-20 s here against ~2 s to
 * reopen a data dir, so PGlite databases are copies of one migrated template per test file.
 */
export async function openMigrated(driver: Driver, maxConnections?: number): Promise<MigratedDb> {
  const tdb = driver === "pglite" ? await copyOfPgliteTemplate() : await testDatabaseFactories[driver]();
  const config =
    tdb.config.driver === "postgres" && maxConnections ? { ...tdb.config, maxConnections } : tdb.config;
  const handle = await openDb(config);
  await migrate(handle);
  return {
    tdb,
    handle,
    db: handle.db,
    close: async () => {
      await handle.close();
      await tdb.drop();
    },
  };
}

let template: Promise<TestDatabase> | undefined;

async function copyOfPgliteTemplate(): Promise<TestDatabase> {
  template ??= (async () => {
    const t = createPgliteTestDatabase();
    const h = await openDb(t.config);
    await migrate(h);
    await h.close();
    return t;
  })();
  const source = await template;
  const copy = createPgliteTestDatabase();
  cpSync(source.location, copy.location, { recursive: true });
  return copy;
}

/** Removes this file's PGlite template; call from afterAll. */
export async function dropTemplates(): Promise<void> {
  const t = template;
  template = undefined;
  await (await t)?.drop();
}

/** Runs one statement and returns its rows, on either driver. */
export async function query<T>(db: Db, statement: SQL): Promise<T[]> {
  return rowsOf<T>(await db.execute(statement));
}

/**
 * Edits one audit row behind the triggers' back, the way someone with the server's superuser
 * rights could. `su` must be connected as a superuser (the tests' default connection is).
 */
export async function tamperAsSuperuser(su: Db, seq: number, setClause: string): Promise<void> {
  await su.transaction(async (tx) => {
    await tx.execute(sql.raw("alter table audit_events disable trigger audit_events_append_only"));
    await tx.execute(sql.raw(`update audit_events set ${setClause} where seq = ${Number(seq)}`));
    await tx.execute(sql.raw("alter table audit_events enable trigger audit_events_append_only"));
  });
}

/** A URL for the same server as the tests, another database and user. */
export function urlFor(database: string, user = new URL(testPgUrl).username, password?: string): string {
  const url = new URL(testPgUrl);
  url.pathname = `/${database}`;
  url.username = user;
  if (password !== undefined) url.password = password;
  return url.toString();
}

/** Records `n` events built by `make` one after another; returns their seqs. */
export async function seed(db: Db, n: number, make: (i: number) => AuditEventInput): Promise<number[]> {
  const seqs: number[] = [];
  for (let i = 0; i < n; i++) seqs.push((await recordAudit(db, make(i))).seq);
  return seqs;
}

export function event(extra: Partial<AuditEventInput> = {}): AuditEventInput {
  return {
    actorType: "user",
    actorId: "u-ada",
    actorName: "ada",
    role: "admin",
    action: "grants.update",
    ...extra,
  };
}

/** The message of a failed query, including the driver's error that drizzle wraps as `cause`. */
export async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    const parts: string[] = [];
    for (let e: unknown = err; e instanceof Error; e = e.cause) parts.push(e.message);
    return parts.join(" | ");
  }
  throw new Error("expected a failure, but it succeeded");
}

export interface RoleSetup {
  /** Superuser, owner (runs migrations and retention) and app role, on one fresh database. */
  su: Db;
  owner: Db;
  app: Db;
  ownerRole: string;
  appRole: string;
  close(): Promise<void>;
}

/**
 * The production layout on real PostgreSQL: a non-superuser owner role (CREATEROLE, to create
 * the app role) owns the database and runs the migrations; the app connects as the role ensureAppRole sets up. Role names are
 * random (roles are cluster-wide) and dropped again by close().
 */
export async function openWithAppRole(): Promise<RoleSetup> {
  const suffix = randomBytes(5).toString("hex");
  const ownerRole = `sy_owner_${suffix}`;
  const appRole = `sy_app_${suffix}`;
  const tdb = await testDatabaseFactories.postgres();
  const dbName = new URL(tdb.location).pathname.slice(1);
  const handles: DbHandle[] = [];
  const connect = async (url: string) => {
    const h = await openDb({ driver: "postgres", url, maxConnections: 4 });
    handles.push(h);
    return h;
  };
  const dropRoles = async () => {
    const h = await openDb({ driver: "postgres", url: testPgUrl, maxConnections: 1 });
    try {
      await h.db.execute(sql.raw(`drop role if exists ${appRole}`));
      await h.db.execute(sql.raw(`drop role if exists ${ownerRole}`));
    } finally {
      await h.close();
    }
  };
  const close = async () => {
    for (const h of handles.splice(0)) await h.close();
    await tdb.drop();
    await dropRoles();
  };
  try {
    const su = await connect(tdb.location);
    // Names are generated above ([a-z0-9_] only).
    await su.db.execute(sql.raw(`create role ${ownerRole} login createrole password 'owner-pw'`));
    await su.db.execute(sql.raw(`alter database ${dbName} owner to ${ownerRole}`));
    const ownerUrl = urlFor(dbName, ownerRole, "owner-pw");
    const owner = await connect(ownerUrl);
    await migrate(owner);
    await ensureAppRole(ownerUrl, { roleName: appRole, password: "app-pw" });
    const app = await connect(urlFor(dbName, appRole, "app-pw"));
    return { su: su.db, owner: owner.db, app: app.db, ownerRole, appRole, close };
  } catch (err) {
    await close();
    throw err;
  }
}
