import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { auditAnchor, auditEvents } from "@switchyard/db";
import { asc } from "drizzle-orm";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { AuditChainBrokenError, verifyArchiveFile } from "./archive.ts";
import { GENESIS_HASH } from "./chain.ts";
import { exportHead } from "./head.ts";
import { listAuditEvents } from "./query.ts";
import { recordAudit } from "./record.ts";
import { pruneAudit } from "./retention.ts";
import { auditEventColumns } from "./row.ts";
import {
  drivers,
  dropTemplates,
  event,
  type MigratedDb,
  openMigrated,
  seed,
  tamperAsSuperuser,
} from "./test-support.ts";
import type { AuditEvent } from "./types.ts";
import { verifyChain } from "./verify.ts";

describe.each(drivers)("audit retention on %s", (driver) => {
  let m: MigratedDb | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await m?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    m = undefined;
    dir = undefined;
  });
  afterAll(dropTemplates);

  const setup = async () => {
    m = await openMigrated(driver);
    dir = mkdtempSync(join(tmpdir(), "switchyard-audit-archive-"));
    return { m, dir };
  };
  const rowsOf = (t: MigratedDb): Promise<AuditEvent[]> =>
    t.db.select(auditEventColumns).from(auditEvents).orderBy(asc(auditEvents.seq));
  const readArchive = (path: string): AuditEvent[] =>
    readFileSync(path, "utf8")
      .split("\n")
      .filter((l) => l !== "")
      .map((l) => JSON.parse(l) as AuditEvent);

  it("archives then deletes the rows before the cut-off; the chain verifies from the anchor, the archive on its own", async () => {
    const { m, dir } = await setup();
    await seed(m.db, 10, (i) => event({ params: { i } }));
    const before = await rowsOf(m);
    const cut = new Date(new Date(before[6]?.time ?? 0).getTime() + 1); // rows 1..7 are older (ms-rounded up)
    const expectedPruned = before.filter((r) => r.time < cut.toISOString().replace("Z", "000Z"));
    expect(expectedPruned.length).toBeGreaterThanOrEqual(7);

    const res = await pruneAudit(m.db, { before: cut, archiveDir: dir, batchSize: 3 });
    expect(res.pruned).toBe(expectedPruned.length);
    expect(res.firstSeq).toBe(1);
    expect(res.lastSeq).toBe(expectedPruned.at(-1)?.seq);
    expect(readdirSync(dir)).toEqual([`audit-000000000001-${String(res.lastSeq).padStart(12, "0")}.ndjson`]);

    // The archive holds exactly the pruned rows, verbatim, and verifies from genesis (the previous anchor).
    const archived = readArchive(res.archivePath ?? "");
    expect(archived).toEqual(expectedPruned);
    const check = await verifyArchiveFile(res.archivePath ?? "", { seq: 0, rowHash: GENESIS_HASH });
    expect(check).toEqual({
      result: { ok: true, verifiedUpTo: res.lastSeq, headHash: expectedPruned.at(-1)?.rowHash },
      count: expectedPruned.length,
      firstSeq: 1,
    });

    // The table keeps the rest plus the prune's own record; the chain verifies from the anchor.
    const after = await rowsOf(m);
    expect(after.map((r) => r.seq)).toEqual([
      ...before.filter((r) => !expectedPruned.includes(r)).map((r) => r.seq),
      res.auditSeq,
    ]);
    const pruneEvent = after.at(-1);
    expect(pruneEvent).toMatchObject({
      action: "audit.prune",
      actorType: "system",
      actorName: "retention",
      outcome: "succeeded",
      params: { pruned: expectedPruned.length, firstSeq: 1, lastSeq: res.lastSeq },
    });
    const [anchor] = await m.db.select().from(auditAnchor);
    expect(anchor).toMatchObject({
      seq: res.lastSeq,
      rowHash: expectedPruned.at(-1)?.rowHash,
      firstSeq: 1,
      prevHash: GENESIS_HASH,
    });
    expect(await verifyChain(m.db)).toEqual({
      ok: true,
      verifiedUpTo: res.auditSeq,
      headHash: pruneEvent?.rowHash,
    });
    expect((await listAuditEvents(m.db, {}, { limit: 200 })).rows).toHaveLength(after.length);
  });

  it("a second run continues from the first anchor; pruning everything leaves the chain anchored", async () => {
    const { m, dir } = await setup();
    await seed(m.db, 5, () => event());
    const first = await pruneAudit(m.db, { before: new Date(Date.now() + 60_000), archiveDir: dir });
    expect(first.pruned).toBe(5);
    // Only the prune's own event remains; the next writes chain on from it.
    await seed(m.db, 3, () => event({ action: "auth.sign_in" }));
    expect(await verifyChain(m.db)).toMatchObject({ ok: true, verifiedUpTo: 9 });

    const second = await pruneAudit(m.db, { before: new Date(Date.now() + 60_000), archiveDir: dir });
    expect(second).toMatchObject({ pruned: 4, firstSeq: 6, lastSeq: 9 });
    const check = await verifyArchiveFile(second.archivePath ?? "", first.anchor);
    expect(check.result).toMatchObject({ ok: true, verifiedUpTo: 9 });
    expect(check.count).toBe(4);
    // From the wrong anchor, the same archive fails at its first row.
    expect(
      (await verifyArchiveFile(second.archivePath ?? "", { seq: 0, rowHash: GENESIS_HASH })).result,
    ).toMatchObject({ ok: false, firstBrokenSeq: 1 });
    expect(await verifyChain(m.db)).toMatchObject({ ok: true, verifiedUpTo: 10 });
    expect(await exportHead(m.db)).toMatchObject({ seq: 10 });
    expect(readdirSync(dir)).toHaveLength(2);
  });

  it("with nothing old enough, records a run that pruned nothing and writes no archive", async () => {
    const { m, dir } = await setup();
    await seed(m.db, 3, () => event());
    const res = await pruneAudit(m.db, { before: new Date("2000-01-01T00:00:00Z"), archiveDir: dir });
    expect(res).toMatchObject({
      pruned: 0,
      archivePath: null,
      anchor: { seq: 0, rowHash: GENESIS_HASH },
      auditSeq: 4,
    });
    expect(readdirSync(dir)).toEqual([]);
    expect(await verifyChain(m.db)).toMatchObject({ ok: true, verifiedUpTo: 4 });
  });

  it("refuses to prune a range whose chain is broken: nothing deleted, no archive left", async () => {
    const { m, dir } = await setup();
    await seed(m.db, 6, () => event());
    await tamperAsSuperuser(m.db, 2, "actor_name = 'mallory'");
    const err = await pruneAudit(m.db, { before: new Date(Date.now() + 60_000), archiveDir: dir }).catch(
      (e) => e,
    );
    if (!(err instanceof AuditChainBrokenError))
      throw new Error(`expected AuditChainBrokenError, got ${err}`);
    expect(err.broken.seq).toBe(2);
    expect(await rowsOf(m)).toHaveLength(6);
    expect(readdirSync(dir)).toEqual([]);
    expect(await m.db.select().from(auditAnchor)).toEqual([]);
  });

  it("an archive edited afterwards no longer verifies, and the edit is named", async () => {
    const { m, dir } = await setup();
    await seed(m.db, 4, () => event());
    const res = await pruneAudit(m.db, { before: new Date(Date.now() + 60_000), archiveDir: dir });
    const path = res.archivePath ?? "";
    expect(existsSync(path)).toBe(true);
    const lines = readFileSync(path, "utf8").split("\n");
    lines[2] = (lines[2] ?? "").replace('"actorName":"ada"', '"actorName":"eve"');
    const forged = join(dir, "forged.ndjson");
    writeFileSync(forged, lines.join("\n"));
    expect((await verifyArchiveFile(forged, { seq: 0, rowHash: GENESIS_HASH })).result).toMatchObject({
      ok: false,
      firstBrokenSeq: 3,
    });
    await recordAudit(m.db, event());
    expect(await verifyChain(m.db)).toMatchObject({ ok: true });
  });
});
