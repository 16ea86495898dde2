// ensureAppRole on real PostgreSQL (roles do not exist in PGlite's single-user mode).
import { randomBytes } from "node:crypto";
import { type SQL, sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { ensureAppRole } from "./app-role.ts";
import { type Db, type DbHandle, openDb } from "./client.ts";
import { migrate } from "./migrate.ts";
import { createPostgresTestDatabase, type TestDatabase, testPgUrl } from "./testing.ts";

describe("ensureAppRole on PostgreSQL", () => {
  const handles: DbHandle[] = [];
  const roles: string[] = [];
  let tdb: TestDatabase | undefined;

  afterEach(async () => {
    for (const h of handles.splice(0)) await h.close();
    await tdb?.drop();
    tdb = undefined;
    const admin = await openDb({ driver: "postgres", url: testPgUrl, maxConnections: 1 });
    try {
      for (const r of roles.splice(0)) await admin.db.execute(sql.raw(`drop role if exists ${r}`));
    } finally {
      await admin.close();
    }
  });

  /** A migrated database owned by a fresh non-superuser role with CREATEROLE. */
  async function setup() {
    const suffix = randomBytes(5).toString("hex");
    const owner = `sy_owner_${suffix}`;
    const app = `sy_app_${suffix}`;
    roles.push(app, owner);
    tdb = await createPostgresTestDatabase();
    const name = new URL(tdb.location).pathname.slice(1);
    const su = await connect(tdb.location);
    await su.db.execute(sql.raw(`create role ${owner} login createrole`));
    await su.db.execute(sql.raw(`alter database ${name} owner to ${owner}`));
    const ownerUrl = withUser(tdb.location, owner);
    const ownerDb = await connect(ownerUrl);
    await migrate(ownerDb);
    return { su: su.db, owner: ownerDb.db, ownerUrl, app, appUrl: withUser(tdb.location, app) };
  }

  async function connect(url: string) {
    const h = await openDb({ driver: "postgres", url, maxConnections: 2 });
    handles.push(h);
    return h;
  }

  it("creates a login role that may only INSERT and SELECT audit_events, SELECT audit_anchor, and use DML elsewhere", async () => {
    const s = await setup();
    await ensureAppRole(s.ownerUrl, { roleName: s.app, password: "first-pw" });
    await ensureAppRole(s.ownerUrl, { roleName: s.app, password: "second pw with 'quote'" }); // idempotent

    const privs = async (table: string) =>
      one<Record<string, boolean>>(
        s.su,
        sql`select ${sql.join(
          ["select", "insert", "update", "delete", "truncate", "references", "trigger"].map(
            (p) => sql`has_table_privilege(${s.app}, ${table}, ${p}) as ${sql.identifier(p)}`,
          ),
          sql`, `,
        )}`,
      );
    const none = { update: false, delete: false, truncate: false, references: false, trigger: false };
    expect(await privs("audit_events")).toEqual({ select: true, insert: true, ...none });
    expect(await privs("audit_anchor")).toEqual({ select: true, insert: false, ...none });
    expect(await privs("hosts")).toMatchObject({
      select: true,
      insert: true,
      update: true,
      delete: true,
      truncate: false,
    });

    const attrs = await one<Record<string, boolean>>(
      s.su,
      sql`select rolcanlogin as login, rolsuper as super, rolcreaterole as createrole, rolcreatedb as createdb,
            rolbypassrls as bypassrls, rolpassword like 'SCRAM-SHA-256$%' as scram
          from pg_authid where rolname = ${s.app}`,
    );
    expect(attrs).toEqual({
      login: true,
      super: false,
      createrole: false,
      createdb: false,
      bypassrls: false,
      scram: true,
    });

    // Connected as the app role: audit rows cannot be changed, other tables can.
    const app = (await connect(s.appUrl)).db;
    await app.execute(sql`insert into hosts (name) values ('edge-1')`);
    await app.execute(sql`update hosts set status = 'online'`);
    await expect(app.execute(sql`update audit_events set actor_name = 'x'`)).rejects.toThrow();
    await expect(app.execute(sql`delete from audit_events`)).rejects.toThrow();
    await expect(app.execute(sql`truncate audit_events`)).rejects.toThrow();
  });

  it("grants DML on tables a later migration creates (default privileges)", async () => {
    const s = await setup();
    await ensureAppRole(s.ownerUrl, { roleName: s.app });
    await s.owner.execute(sql`create table later_table (id int primary key)`);
    const app = (await connect(s.appUrl)).db;
    await app.execute(sql`insert into later_table values (1)`);
    await app.execute(sql`delete from later_table`);
  });

  it("refuses unsafe names, and an existing role with superuser-like powers or the owner's privileges", async () => {
    await expect(ensureAppRole(testPgUrl, { roleName: 'app"; drop table x; --' })).rejects.toThrow(
      /invalid role name/,
    );
    await expect(ensureAppRole(testPgUrl, { roleName: "Upper" })).rejects.toThrow(/invalid role name/);
    const s = await setup();
    await s.su.execute(sql.raw(`create role ${s.app} login createdb`));
    await expect(ensureAppRole(s.ownerUrl, { roleName: s.app })).rejects.toThrow(/createdb/);
    await s.su.execute(sql.raw(`alter role ${s.app} nocreatedb`));
    const owner = new URL(s.ownerUrl).username;
    await s.su.execute(sql.raw(`grant ${owner} to ${s.app}`));
    await expect(ensureAppRole(s.ownerUrl, { roleName: s.app })).rejects.toThrow(/owner's privileges/);
  });
});

function withUser(location: string, user: string): string {
  const url = new URL(location);
  url.username = user;
  return url.toString();
}

async function one<T>(db: Db, statement: SQL): Promise<T> {
  const result: unknown = await db.execute(statement);
  const rows = (Array.isArray(result) ? result : []) as T[]; // postgres.js returns the rows as an array
  const [row] = rows;
  if (row === undefined) throw new Error("no row");
  return row;
}
