import { randomBytes } from "node:crypto";
import { ensureAppRole, migrate, openDb } from "@switchyard/db";
import { createPostgresTestDatabase, type TestDatabase, testPgUrl } from "@switchyard/db/testing";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  freePort,
  type RunningProcess,
  signInHttp,
  startWeb,
  TEST_ADMIN_PASSWORD,
  trpcPost,
  waitForHealthy,
} from "./web-process.ts";

// The production layout on real PostgreSQL: the web process connects as the restricted app
// role (may only INSERT and SELECT the audit log) and applies migrations as the owner.
describe("web process as the restricted app role", () => {
  let tdb: TestDatabase;
  let web: RunningProcess | undefined;
  const role = `sy_app_${randomBytes(4).toString("hex")}`;
  let appUrl: string;

  beforeAll(async () => {
    tdb = await createPostgresTestDatabase();
    const owner = await openDb(tdb.config);
    await migrate(owner);
    await owner.close();
    await ensureAppRole(tdb.location, { roleName: role, password: "app-role-pw" });
    const url = new URL(tdb.location);
    url.username = role;
    url.password = "app-role-pw";
    appUrl = url.toString();
  });
  afterAll(async () => {
    await web?.stop();
    await tdb?.drop();
    const su = postgres(testPgUrl, { max: 1, onnotice: () => {} });
    await su.unsafe(`drop role if exists ${role}`); // generated name: [a-z0-9_]
    await su.end();
  });

  it("starts with SWITCHYARD_MIGRATION_URL as the owner, audits as the app role, and the app role cannot rewrite the log", async () => {
    web = startWeb(
      {
        DATABASE_URL: appUrl,
        SWITCHYARD_MIGRATION_URL: tdb.location,
        SWITCHYARD_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
      },
      await freePort(),
    );
    await waitForHealthy(web, 60_000);
    const cookie = await signInHttp(web.url, "admin", TEST_ADMIN_PASSWORD);
    const res = await trpcPost(
      web.url,
      "tokens.create",
      { name: "as-app", grants: [{ role: "viewer", selector: null }] },
      { cookie },
    );
    expect(res.status).toBe(200);
    const app = postgres(appUrl, { max: 1, onnotice: () => {} });
    try {
      const [row] =
        await app`select count(*)::int as n from audit_events where action in ('auth.sign_in', 'tokens.create')`;
      expect(row?.n).toBeGreaterThanOrEqual(2);
      await expect(app`update audit_events set action = 'x.y'`).rejects.toThrow();
      await expect(app`delete from audit_events`).rejects.toThrow();
    } finally {
      await app.end();
    }
  });
});
