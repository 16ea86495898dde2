// `pnpm maintenance …` as an operator runs it, against real PostgreSQL in the production layout:
// a non-superuser owner runs migrations and maintenance, the app connects as the role
// `audit-app-role` creates. Retention archives exactly the pruned rows, and the chain (and
// each archive, from the anchor before it) still verifies afterwards.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DbHandle, migrate, openDb } from "@switchyard/db";
import { createPostgresTestDatabase, type TestDatabase, testPgUrl } from "@switchyard/db/testing";
import {
  type AuditEvent,
  GENESIS_HASH,
  listAuditEvents,
  recordAudit,
  verifyArchiveFile,
} from "@switchyard/server";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "./web-process.ts";

function urlAs(database: string, user: string, password: string): string {
  const url = new URL(testPgUrl);
  url.pathname = `/${database}`;
  url.username = user;
  url.password = password;
  return url.toString();
}

function maintenance(args: string[], databaseUrl: string, input = "") {
  const res = spawnSync("pnpm", ["--silent", "maintenance", ...args], {
    cwd: repoRoot,
    input,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}
const json = (r: { stdout: string }) => JSON.parse(r.stdout) as Record<string, unknown>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every event, oldest first. */
async function allEvents(handle: DbHandle): Promise<AuditEvent[]> {
  const rows: AuditEvent[] = [];
  let cursor: number | undefined;
  for (;;) {
    const page = await listAuditEvents(handle.db, {}, { cursor, limit: 200 });
    rows.push(...page.rows);
    if (page.nextCursor === null) return rows.reverse();
    cursor = page.nextCursor;
  }
}

describe("pnpm maintenance (audit) on PostgreSQL", () => {
  const suffix = randomBytes(5).toString("hex");
  const ownerRole = `sy_owner_${suffix}`;
  const appRole = `sy_app_${suffix}`;
  const archiveDir = mkdtempSync(join(tmpdir(), "switchyard-archive-"));
  let tdb: TestDatabase;
  let ownerUrl: string;
  let appUrl: string;
  const handles: DbHandle[] = [];
  /** Raw SQL as the server's superuser (the tests' default connection). */
  let su: postgres.Sql;

  beforeAll(async () => {
    tdb = await createPostgresTestDatabase();
    const dbName = new URL(tdb.location).pathname.slice(1);
    su = postgres(tdb.location, { max: 1, onnotice: () => {} });
    // Generated names ([a-z0-9_]).
    await su.unsafe(`create role ${ownerRole} login createrole password 'owner-pw'`);
    await su.unsafe(`alter database ${dbName} owner to ${ownerRole}`);
    ownerUrl = urlAs(dbName, ownerRole, "owner-pw");
    appUrl = urlAs(dbName, appRole, "app-pw-7");
    const owner = await openDb({ driver: "postgres", url: ownerUrl, maxConnections: 2 });
    handles.push(owner);
    await migrate(owner);
  });
  afterAll(async () => {
    for (const h of handles.splice(0)) await h.close();
    await su?.end();
    await tdb?.drop();
    const server = postgres(testPgUrl, { max: 1, onnotice: () => {} });
    try {
      await server.unsafe(`drop role if exists ${appRole}`);
      await server.unsafe(`drop role if exists ${ownerRole}`);
    } finally {
      await server.end();
    }
    rmSync(archiveDir, { recursive: true, force: true });
  });

  let app: DbHandle;

  it("audit-app-role creates the app's role (password from stdin): it appends and reads the log, and cannot prune it", async () => {
    const r = maintenance(
      ["audit-app-role", "--role", appRole, "--password-stdin", "--json"],
      ownerUrl,
      "app-pw-7\n",
    );
    expect(r.code, r.stderr).toBe(0);
    expect(json(r)).toMatchObject({ role: appRole, passwordSet: true });

    app = await openDb({ driver: "postgres", url: appUrl, maxConnections: 2 });
    handles.push(app);
    await recordAudit(app.db, { actorType: "system", actorName: "test", action: "test.seed" });
    const appSql = postgres(appUrl, { max: 1, onnotice: () => {} });
    try {
      await expect(appSql`update audit_events set actor_name = 'x'`).rejects.toThrow(/permission denied/);
    } finally {
      await appSql.end();
    }

    await sleep(20);
    const denied = maintenance(
      ["audit-prune", "--before", new Date().toISOString(), "--archive-dir", archiveDir, "--json"],
      appUrl,
    );
    expect(denied.code).toBe(1);
    expect(String(json(denied).error)).toMatch(/permission denied/);
    expect(readdirSync(archiveDir)).toEqual([]);
  });

  it("audit-prune archives exactly the rows before the cut-off; verify still passes, and the archive verifies from genesis", async () => {
    for (let i = 0; i < 3; i++) {
      await recordAudit(app.db, {
        actorType: "system",
        actorName: "test",
        action: "test.old",
        params: { i },
      });
    }
    await sleep(50);
    const cut = new Date();
    await sleep(50);
    for (let i = 0; i < 3; i++) {
      await recordAudit(app.db, {
        actorType: "system",
        actorName: "test",
        action: "test.new",
        params: { i },
      });
    }
    const before = await allEvents(app);
    const old = before.filter((e) => e.time < cut.toISOString());
    expect(old.map((e) => e.seq)).toEqual([1, 2, 3, 4]);

    const r = maintenance(
      ["audit-prune", "--before", cut.toISOString(), "--archive-dir", archiveDir, "--json"],
      ownerUrl,
    );
    expect(r.code, r.stderr).toBe(0);
    const result = json(r);
    expect(result).toMatchObject({ pruned: 4, firstSeq: 1, lastSeq: 4, anchor: { seq: 4 } });
    const archivePath = String(result.archivePath);

    const verify = maintenance(["audit-verify", "--json"], ownerUrl);
    expect(verify.code, verify.stderr).toBe(0);
    expect(json(verify)).toMatchObject({ ok: true, verifiedUpTo: 8 });

    const check = await verifyArchiveFile(archivePath, { seq: 0, rowHash: GENESIS_HASH });
    expect(check).toMatchObject({ result: { ok: true, verifiedUpTo: 4 }, count: 4, firstSeq: 1 });
    const archived = readFileSync(archivePath, "utf8")
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as unknown);
    expect(archived).toEqual(old);

    const left = await allEvents(app);
    expect(left.map((e) => e.seq)).toEqual([5, 6, 7, 8]);
    expect(left.at(-1)).toMatchObject({
      action: "audit.prune",
      params: { pruned: 4, firstSeq: 1, lastSeq: 4 },
    });
  });

  it("a second run carries the anchor forward: its archive verifies from the first run's anchor", async () => {
    const fourth = JSON.parse(
      readFileSync(join(archiveDir, readdirSync(archiveDir)[0] ?? ""), "utf8")
        .trimEnd()
        .split("\n")
        .at(-1) ?? "",
    ) as AuditEvent;
    await sleep(20);
    const r = maintenance(
      ["audit-prune", "--keep-days", "1", "--archive-dir", archiveDir, "--json"],
      ownerUrl,
    );
    expect(r.code, r.stderr).toBe(0);
    // Nothing is a day old: the run prunes nothing, and records itself.
    expect(json(r)).toMatchObject({ pruned: 0, archivePath: null });

    const all = maintenance(
      ["audit-prune", "--before", new Date().toISOString(), "--archive-dir", archiveDir, "--json"],
      ownerUrl,
    );
    expect(all.code, all.stderr).toBe(0);
    const second = json(all);
    expect(second).toMatchObject({ firstSeq: 5, lastSeq: 9, pruned: 5 });
    const check = await verifyArchiveFile(String(second.archivePath), {
      seq: fourth.seq,
      rowHash: fourth.rowHash,
    });
    expect(check).toMatchObject({ result: { ok: true, verifiedUpTo: 9 }, count: 5 });
    expect(json(maintenance(["audit-verify", "--json"], ownerUrl))).toMatchObject({
      ok: true,
      verifiedUpTo: 10,
    });
  });

  it("audit-verify exits 1 and names the row a superuser edited", async () => {
    await recordAudit(app.db, { actorType: "system", actorName: "test", action: "test.later" });
    await su.begin(async (tx) => {
      await tx`alter table audit_events disable trigger audit_events_append_only`;
      await tx`update audit_events set actor_name = 'mallory' where seq = 11`;
      await tx`alter table audit_events enable trigger audit_events_append_only`;
    });
    const r = maintenance(["audit-verify", "--json"], ownerUrl);
    expect(r.code).toBe(1);
    expect(json(r)).toEqual({
      ok: false,
      firstBrokenSeq: 11,
      reason: "row_hash of #11 does not match its contents",
    });
    expect(r.stderr).toContain("audit chain broken at #11");
  });

  it("names a bad option and exits 2", () => {
    const r = maintenance(
      ["audit-prune", "--before", "yesterday", "--archive-dir", archiveDir, "--json"],
      ownerUrl,
    );
    expect(r.code).toBe(2);
    expect(json(r).error).toMatch(/--before: not an ISO 8601/);
  });
});
