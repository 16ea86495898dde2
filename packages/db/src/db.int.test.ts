import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { type DbHandle, openDb } from "./client.ts";
import { defaultMigrationsFolder, MigrationError, migrate } from "./migrate.ts";
import { hosts } from "./schema/index.ts";
import { type TestDatabase, testDatabaseFactories } from "./testing.ts";

// The same suite against both drivers: real PostgreSQL over TCP, and PGlite in a data dir.
describe.each(Object.keys(testDatabaseFactories) as (keyof typeof testDatabaseFactories)[])(
  "db on %s",
  (driver) => {
    let tdb: TestDatabase | undefined;
    let handle: DbHandle | undefined;
    const open = async () => {
      tdb = await testDatabaseFactories[driver]();
      handle = await openDb(tdb.config);
      return handle;
    };
    afterEach(async () => {
      await handle?.close();
      await tdb?.drop();
      handle = undefined;
      tdb = undefined;
    });

    it("applies the committed migrations to an empty database, and again is a no-op", async () => {
      const h = await open();
      await migrate(h);
      await migrate(h);
      const tables = await h.db.execute<{ table_name: string }>(
        sql`select table_name from information_schema.tables where table_schema = 'public' order by 1`,
      );
      expect(rowsOf<{ table_name: string }>(tables).map((r) => r.table_name)).toContain("hosts");
    });

    it("stores and reads back a host with labels, defaults filled in", async () => {
      const h = await open();
      await migrate(h);
      const [inserted] = await h.db
        .insert(hosts)
        .values({ name: "edge-1", labels: { env: "staging", site: "a" } })
        .returning();
      expect(inserted?.status).toBe("pending");
      expect(inserted?.createdAt).toBeInstanceOf(Date);
      const rows = await h.db.select().from(hosts).where(eq(hosts.name, "edge-1"));
      expect(rows).toHaveLength(1);
      expect(rows[0]?.labels).toEqual({ env: "staging", site: "a" });
      expect(rows[0]?.id).toMatch(/^[0-9a-f-]{36}$/);
    });

    it("refuses a second host with the same name", async () => {
      const h = await open();
      await migrate(h);
      await h.db.insert(hosts).values({ name: "dup" });
      await expect(h.db.insert(hosts).values({ name: "dup" })).rejects.toThrow();
      expect(await h.db.select().from(hosts)).toHaveLength(1);
    });

    it("selects hosts by label with the jsonb containment operator", async () => {
      const h = await open();
      await migrate(h);
      await h.db.insert(hosts).values([
        { name: "s1", labels: { env: "staging" } },
        { name: "p1", labels: { env: "production" } },
      ]);
      const staging = await h.db
        .select({ name: hosts.name })
        .from(hosts)
        .where(sql`${hosts.labels} @> ${JSON.stringify({ env: "staging" })}::jsonb`);
      expect(staging.map((r) => r.name)).toEqual(["s1"]);
    });

    it("reports a broken migration as MigrationError naming the failing statement", async () => {
      const h = await open();
      const dir = mkdtempSync(join(tmpdir(), "switchyard-badmig-"));
      try {
        cpSync(defaultMigrationsFolder, dir, { recursive: true });
        writeFileSync(
          join(dir, "0000_hosts.sql"),
          "CREATE TABLE hosts (id uuid PRIMARY KEY);\n--> statement-breakpoint\nSELECT * FROM no_such_table;\n",
        );
        const err = await migrate(h, dir).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(MigrationError);
        expect(String((err as MigrationError).message)).toMatch(/migrations failed.*no_such_table/s);
        // The failed migration is not recorded as applied: the table from its first statement is rolled back.
        const t = await h.db.execute<{ n: number }>(
          sql`select count(*)::int as n from information_schema.tables where table_name = 'hosts'`,
        );
        expect(rowsOf<{ n: number }>(t)[0]?.n).toBe(0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it("reports a missing migrations folder as MigrationError", async () => {
      const h = await open();
      const missing = join(tmpdir(), `switchyard-no-such-migrations-${process.pid}`);
      await expect(migrate(h, missing)).rejects.toBeInstanceOf(MigrationError);
    });
  },
);

/** postgres.js returns an array of rows; PGlite returns { rows }. */
function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return (result as { rows: T[] }).rows;
}
