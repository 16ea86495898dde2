import { auditAnchor, auditEvents, hosts } from "@switchyard/db";
import { asc, sql } from "drizzle-orm";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { GENESIS_HASH } from "./chain.ts";
import { exportHead } from "./head.ts";
import { recordAudit, withAudit } from "./record.ts";
import { auditEventColumns } from "./row.ts";
import {
  drivers,
  dropTemplates,
  event,
  failure,
  type MigratedDb,
  openMigrated,
  query,
  seed,
  tamperAsSuperuser,
} from "./test-support.ts";
import type { AuditEvent } from "./types.ts";
import { verifyChain } from "./verify.ts";

describe.each(drivers)("audit log on %s", (driver) => {
  let t: MigratedDb | undefined;
  const open = async (maxConnections?: number) => {
    t = await openMigrated(driver, maxConnections);
    return t;
  };
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });
  afterAll(dropTemplates);

  const allRows = (m: MigratedDb): Promise<AuditEvent[]> =>
    m.db.select(auditEventColumns).from(auditEvents).orderBy(asc(auditEvents.seq));

  it("records events as a gap-free chain from genesis that verifyChain accepts", async () => {
    const m = await open();
    expect(await verifyChain(m.db)).toEqual({ ok: true, verifiedUpTo: 0, headHash: GENESIS_HASH });
    expect(await exportHead(m.db)).toEqual({ seq: 0, rowHash: GENESIS_HASH, time: null });

    const seqs = await seed(m.db, 5, (i) => event({ targetObjects: [`user:u${i}`], params: { i } }));
    expect(seqs).toEqual([1, 2, 3, 4, 5]);
    const rows = await allRows(m);
    expect(rows[0]?.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) {
      expect(rows[i]?.prevHash).toBe(rows[i - 1]?.rowHash);
      // time comes from the database clock and never goes backwards along seq.
      expect((rows[i]?.time ?? "") >= (rows[i - 1]?.time ?? "")).toBe(true);
    }
    expect(rows[0]?.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    const head = await exportHead(m.db);
    expect(head).toEqual({ seq: 5, rowHash: rows[4]?.rowHash, time: rows[4]?.time });
    expect(await verifyChain(m.db, { batchSize: 2 })).toEqual({
      ok: true,
      verifiedUpTo: 5,
      headHash: head.rowHash,
    });
  });

  it("stores every field exactly as hashed, awkward text included, so the chain still verifies", async () => {
    const m = await open();
    const awkward = 'NULL "quoted" back\\slash {braces},comma ü ✓ 😀 nul\0 lone\uD800 \n';
    await recordAudit(m.db, {
      actorType: "token",
      actorId: "tok-1",
      actorName: awkward,
      role: "",
      sourceIp: "::1",
      userAgent: awkward,
      action: "tokens.create",
      targetHosts: ["NULL", awkward, ""].filter((s) => s !== ""),
      targetObjects: ["token:tok-1", "user:u-1"],
      requestId: "req-1",
      operationId: "op-1",
      params: {
        text: awkward,
        n: [1, 1.5, 1e21, -0, 123456789012345],
        nested: { b: true, a: null },
        secretName: "x",
      },
      decision: "allow",
      outcome: "succeeded",
      error: awkward,
      beforeDigest: "ab".repeat(32),
      afterDigest: "cd".repeat(32),
    });
    const [row] = await allRows(m);
    expect(row?.targetHosts).toEqual(["NULL", awkward.replace("\0", "\uFFFD").replace("\uD800", "\uFFFD")]);
    expect(row?.params).toMatchObject({ secretName: "[redacted]", nested: { a: null, b: true } });
    expect(row?.role).toBe("");
    expect(await verifyChain(m.db)).toMatchObject({ ok: true, verifiedUpTo: 1 });
  });

  it("recordAudit joins the caller's transaction: rolled back with it, committed with it", async () => {
    const m = await open();
    await expect(
      m.db.transaction(async (tx) => {
        await recordAudit(tx, event({ action: "hosts.label" }));
        throw new Error("caller changed its mind");
      }),
    ).rejects.toThrow("caller changed its mind");
    expect(await allRows(m)).toHaveLength(0);

    await m.db.transaction(async (tx) => {
      await tx.insert(hosts).values({ name: "edge-1" });
      const r = await recordAudit(tx, event({ action: "hosts.label" }));
      expect(r.seq).toBe(1);
    });
    expect(await allRows(m)).toHaveLength(1);
    expect(await verifyChain(m.db)).toMatchObject({ ok: true, verifiedUpTo: 1 });
  });

  it("withAudit commits the action's writes and its event together", async () => {
    const m = await open();
    const id = await withAudit(m.db, event({ action: "hosts.create" }), async (tx) => {
      const [h] = await tx.insert(hosts).values({ name: "edge-1" }).returning({ id: hosts.id });
      return h?.id;
    });
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const rows = await allRows(m);
    expect(rows.map((r) => [r.action, r.outcome])).toEqual([["hosts.create", "succeeded"]]);
    expect(await m.db.select().from(hosts)).toHaveLength(1);
  });

  it("withAudit: an action that throws leaves no write, one `failed` event, and the error rethrown", async () => {
    const m = await open();
    await expect(
      withAudit(m.db, event({ action: "hosts.create", targetObjects: ["host:edge-1"] }), async (tx) => {
        await tx.insert(hosts).values({ name: "edge-1" });
        throw new Error("agent refused");
      }),
    ).rejects.toThrow("agent refused");
    expect(await m.db.select().from(hosts)).toHaveLength(0);
    const rows = await allRows(m);
    expect(rows.map((r) => [r.seq, r.action, r.outcome, r.error])).toEqual([
      [1, "hosts.create", "failed", "agent refused"],
    ]);
    expect(rows[0]?.targetObjects).toEqual(["host:edge-1"]);
    expect(await verifyChain(m.db)).toMatchObject({ ok: true, verifiedUpTo: 1 });
  });

  it("withAudit: invalid audit input means the action never runs", async () => {
    const m = await open();
    let ran = false;
    await expect(
      withAudit(m.db, event({ action: "Not An Action" }), async () => {
        ran = true;
      }),
    ).rejects.toThrow();
    expect(ran).toBe(false);
    expect(await allRows(m)).toHaveLength(0);
  });

  it("UPDATE, DELETE and TRUNCATE of audit rows fail, even for the owner; the prune flag alone is not enough", async () => {
    const m = await open();
    await seed(m.db, 2, () => event());
    expect(
      await failure(m.db.execute(sql`update audit_events set actor_name = 'mallory' where seq = 1`)),
    ).toMatch(/append-only: UPDATE refused/);
    expect(await failure(m.db.execute(sql`delete from audit_events where seq = 2`))).toMatch(
      /append-only: DELETE refused/,
    );
    expect(await failure(m.db.execute(sql`truncate audit_events`))).toMatch(/append-only: TRUNCATE refused/);
    await m.db.insert(auditAnchor).values({
      seq: 1,
      rowHash: GENESIS_HASH,
      time: "2026-01-01T00:00:00Z",
      firstSeq: 1,
      prevHash: GENESIS_HASH,
      prunedBefore: "2026-01-01T00:00:00Z",
      archiveFile: "x",
      archiveSha256: "x",
    });
    expect(await failure(m.db.execute(sql`update audit_anchor set archive_file = 'y'`))).toMatch(
      /append-only/,
    );
    expect(await failure(m.db.execute(sql`delete from audit_anchor`))).toMatch(/append-only/);
    expect(await failure(m.db.execute(sql`truncate audit_anchor`))).toMatch(/append-only/);
    // The flag only covers rows up to the seq it names.
    expect(
      await failure(
        m.db.transaction(async (tx) => {
          await tx.execute(sql`select set_config('switchyard.audit_prune_through', '1', true)`);
          await tx.execute(sql`delete from audit_events where seq = 2`);
        }),
      ),
    ).toMatch(/append-only/);
    expect(await allRows(m)).toHaveLength(2);
  });

  it("a row edited behind the triggers' back is found, by seq", async () => {
    const m = await open();
    await seed(m.db, 6, (i) => event({ params: { i } }));
    await tamperAsSuperuser(m.db, 4, "actor_name = 'mallory'");
    expect(await verifyChain(m.db, { batchSize: 2 })).toEqual({
      ok: false,
      firstBrokenSeq: 4,
      reason: "row_hash of #4 does not match its contents",
    });
  });

  it("a rewritten tail with recomputed hashes verifies alone but not against an exported head", async () => {
    const m = await open();
    await seed(m.db, 4, () => event());
    const kept = await exportHead(m.db);
    // Forge: drop row 4 and append a different row 4 through the normal path.
    await m.db.transaction(async (tx) => {
      await tx.execute(sql.raw("alter table audit_events disable trigger audit_events_append_only"));
      await tx.execute(sql`delete from audit_events where seq = 4`);
      await tx.execute(sql.raw("alter table audit_events enable trigger audit_events_append_only"));
    });
    expect(await verifyChain(m.db, { knownHead: kept })).toMatchObject({ ok: false, firstBrokenSeq: 4 });
    await recordAudit(m.db, event({ actorName: "mallory" }));
    expect(await verifyChain(m.db)).toMatchObject({ ok: true, verifiedUpTo: 4 });
    expect(await verifyChain(m.db, { knownHead: kept })).toEqual({
      ok: false,
      firstBrokenSeq: 4,
      reason: "#4 differs from the known head",
    });
  });
});

// Concurrency needs several connections: PostgreSQL only (PGlite is one connection).
describe("audit log under concurrent writers on postgres", () => {
  let t: MigratedDb | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it("50 concurrent writers on a 10-connection pool produce one unforked, gap-free chain", async () => {
    const m = await openMigrated("postgres", 10);
    t = m;
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => recordAudit(m.db, event({ params: { writer: i } }))),
    );
    expect(results.map((r) => r.seq).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    const [counts] = await query<{ n: number; distinct_prev: number }>(
      m.db,
      sql`select count(*)::int as n, count(distinct prev_hash)::int as distinct_prev from audit_events`,
    );
    expect(counts).toEqual({ n: 50, distinct_prev: 50 });
    expect(await verifyChain(m.db)).toMatchObject({ ok: true, verifiedUpTo: 50 });
  });
});
