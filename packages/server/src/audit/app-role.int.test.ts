// RELIABILITY test 21 on real PostgreSQL, in the production layout: a non-superuser owner runs
// migrations and retention, the app connects as the role ensureAppRole created.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { auditEvents, hosts } from "@switchyard/db";
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { listAuditEvents } from "./query.ts";
import { recordAudit, withAudit } from "./record.ts";
import { pruneAudit } from "./retention.ts";
import {
  event,
  failure,
  openWithAppRole,
  query,
  type RoleSetup,
  seed,
  tamperAsSuperuser,
} from "./test-support.ts";
import { verifyChain } from "./verify.ts";

describe("audit log with the app role on PostgreSQL", () => {
  let r: RoleSetup | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await r?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    r = undefined;
    dir = undefined;
  });
  const count = async (db: RoleSetup["app"]) =>
    (await query<{ n: number }>(db, sql`select count(*)::int as n from audit_events`))[0]?.n;

  it("the app role appends and reads; UPDATE, DELETE and TRUNCATE are refused, the prune flag does not help", async () => {
    r = await openWithAppRole();
    const { app } = r;
    await seed(app, 3, (i) => event({ params: { i } }));
    expect((await listAuditEvents(app, {})).rows).toHaveLength(3);

    const denied = /permission denied for table audit_events/;
    expect(
      await failure(app.execute(sql`update audit_events set actor_name = 'mallory' where seq = 1`)),
    ).toMatch(denied);
    expect(await failure(app.execute(sql`delete from audit_events where seq = 1`))).toMatch(denied);
    expect(await failure(app.execute(sql`truncate audit_events`))).toMatch(denied);
    expect(
      await failure(
        app.transaction(async (tx) => {
          await tx.execute(sql`select set_config('switchyard.audit_prune_through', '3', true)`);
          await tx.execute(sql`delete from audit_events where seq = 1`);
        }),
      ),
    ).toMatch(denied);
    // Nor can it forge a retention anchor, or disable the triggers.
    expect(
      await failure(
        app.execute(sql`insert into audit_anchor (seq, row_hash, time, first_seq, prev_hash, pruned_before, archive_file, archive_sha256)
          values (3, 'x', now(), 1, 'x', now(), 'x', 'x')`),
      ),
    ).toMatch(/permission denied for table audit_anchor/);
    expect(
      await failure(app.execute(sql`alter table audit_events disable trigger audit_events_append_only`)),
    ).toMatch(/must be owner/);
    expect(await count(app)).toBe(3);
    expect(await verifyChain(app)).toMatchObject({ ok: true, verifiedUpTo: 3 });

    // The app role keeps ordinary DML on the other tables.
    await app.insert(hosts).values({ name: "edge-1" });
    await app.update(hosts).set({ status: "online" });
    await app.delete(hosts);
  });

  it("the owner has the privileges, and the triggers still refuse UPDATE, DELETE and TRUNCATE", async () => {
    r = await openWithAppRole();
    const { owner, app } = r;
    await seed(app, 2, () => event());
    expect(await failure(owner.execute(sql`update audit_events set actor_name = 'x' where seq = 1`))).toMatch(
      /append-only: UPDATE refused/,
    );
    expect(await failure(owner.execute(sql`delete from audit_events where seq = 1`))).toMatch(
      /append-only: DELETE refused/,
    );
    expect(await failure(owner.execute(sql`truncate audit_events`))).toMatch(/append-only: TRUNCATE refused/);
    expect(await count(app)).toBe(2);
  });

  it("a row altered as superuser (trigger disabled, row updated, trigger re-enabled) is named by verifyChain", async () => {
    r = await openWithAppRole();
    const { su, app } = r;
    await seed(app, 8, (i) => event({ params: { i } }));
    await tamperAsSuperuser(su, 5, `outcome = 'failed'`);
    expect(await verifyChain(app)).toEqual({
      ok: false,
      firstBrokenSeq: 5,
      reason: "row_hash of #5 does not match its contents",
    });
  });

  it("when the audit insert fails (INSERT revoked), the action's write does not happen", async () => {
    r = await openWithAppRole();
    const { owner, app, appRole } = r;
    await seed(app, 1, () => event());
    await owner.execute(sql.raw(`revoke insert on audit_events from ${appRole}`));
    let actionRan = false;
    const message = await failure(
      withAudit(app, event({ action: "hosts.create", targetObjects: ["host:edge-1"] }), async (tx) => {
        actionRan = true;
        await tx.insert(hosts).values({ name: "edge-1" });
      }),
    );
    expect(message).toMatch(/permission denied for table audit_events/);
    expect(actionRan).toBe(false);
    expect(await app.select().from(hosts)).toEqual([]);
    expect(await count(app)).toBe(1);
    // recordAudit inside a caller's transaction fails that transaction the same way.
    expect(
      await failure(
        app.transaction(async (tx) => {
          await tx.insert(hosts).values({ name: "edge-2" });
          await recordAudit(tx, event({ action: "hosts.create" }));
        }),
      ),
    ).toMatch(/permission denied/);
    expect(await app.select().from(hosts)).toEqual([]);

    await owner.execute(sql.raw(`grant insert on audit_events to ${appRole}`));
    await withAudit(app, event({ action: "hosts.create" }), (tx) =>
      tx.insert(hosts).values({ name: "edge-1" }),
    );
    expect(await app.select({ name: hosts.name }).from(hosts)).toEqual([{ name: "edge-1" }]);
    expect(await verifyChain(app)).toMatchObject({ ok: true, verifiedUpTo: 2 });
  });

  it("retention runs as the owner only: the app role cannot prune, the owner can, and the chain still verifies", async () => {
    r = await openWithAppRole();
    const { owner, app } = r;
    dir = mkdtempSync(join(tmpdir(), "switchyard-audit-archive-"));
    await seed(app, 5, () => event());
    const later = new Date(Date.now() + 60_000);

    expect(await failure(pruneAudit(app, { before: later, archiveDir: dir }))).toMatch(/permission denied/);
    expect(await count(app)).toBe(5);
    expect(readdirSync(dir)).toEqual([]); // the archive of a failed run is removed

    const res = await pruneAudit(owner, { before: later, archiveDir: dir });
    expect(res.pruned).toBe(5);
    expect(readdirSync(dir)).toHaveLength(1);
    const left = await app.select({ seq: auditEvents.seq, action: auditEvents.action }).from(auditEvents);
    expect(left).toEqual([{ seq: 6, action: "audit.prune" }]);
    await recordAudit(app, event());
    expect(await verifyChain(app)).toMatchObject({ ok: true, verifiedUpTo: 7 });
  });
});
