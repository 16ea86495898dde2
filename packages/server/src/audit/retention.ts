// Retention: privileged maintenance that prunes the oldest audit rows. It must run connected
// as the owner of audit_events: the append-only trigger lets a DELETE through only for a role
// with the owner's privileges that has set switchyard.audit_prune_through (transaction-local)
// to the last archived seq — the app role has neither DELETE nor the owner's privileges.
//
// Order of work, so that no row is ever lost or unaccounted for:
// 1. archive rows (anchor, boundary] to an NDJSON file, verifying their chain on the way;
// 2. in one transaction holding the chain lock: delete exactly those rows, record the new
//    anchor (seq and row_hash of the last pruned row), and audit the prune itself.
// verifyChain then starts from the anchor; the archive verifies from the previous anchor.
import { mkdir, unlink } from "node:fs/promises";
import { basename, join } from "node:path";
import { auditAnchor, auditEvents, type Db } from "@switchyard/db";
import { desc, lt, sql } from "drizzle-orm";
import { writeArchive } from "./archive.ts";
import { type ChainLink, GENESIS_HASH } from "./chain.ts";
import { lockChain, readAnchor } from "./head.ts";
import { recordAudit } from "./record.ts";
import { isoTime, rowsOf } from "./row.ts";
import type { AuditEventInput } from "./types.ts";

/** Who runs the prune, for its own audit record (default: the system's retention job). */
export type RetentionActor = Pick<
  AuditEventInput,
  "actorType" | "actorId" | "actorName" | "role" | "sourceIp"
>;

export interface PruneOptions {
  /** Prune rows recorded strictly before this instant. */
  before: Date;
  /** Folder for the archive file (created if missing). */
  archiveDir: string;
  actor?: RetentionActor;
  batchSize?: number;
}

export interface PruneResult {
  pruned: number;
  /** seq range pruned, null when nothing was. */
  firstSeq: number | null;
  lastSeq: number | null;
  /** The archive written, null when nothing was pruned. */
  archivePath: string | null;
  /** The anchor in force afterwards (seq 0 / GENESIS_HASH if never pruned). */
  anchor: ChainLink;
  /** seq of the `audit.prune` event recorded for this run. */
  auditSeq: number;
}

const systemActor: RetentionActor = { actorType: "system", actorId: null, actorName: "retention" };

export async function pruneAudit(db: Db, opts: PruneOptions): Promise<PruneResult> {
  const actor = opts.actor ?? systemActor;
  const start: ChainLink = (await readAnchor(db)) ?? { seq: 0, rowHash: GENESIS_HASH };
  // time never decreases along seq (record.ts), so "before T" is a prefix of the chain.
  const [boundary] = await db
    .select({ seq: auditEvents.seq, rowHash: auditEvents.rowHash, time: isoTime(auditEvents.time) })
    .from(auditEvents)
    .where(lt(auditEvents.time, opts.before.toISOString()))
    .orderBy(desc(auditEvents.time), desc(auditEvents.seq))
    .limit(1);

  if (!boundary || boundary.seq <= start.seq) {
    const audit = await recordAudit(db, {
      ...actor,
      action: "audit.prune",
      params: { before: opts.before.toISOString(), pruned: 0 },
    });
    return {
      pruned: 0,
      firstSeq: null,
      lastSeq: null,
      archivePath: null,
      anchor: start,
      auditSeq: audit.seq,
    };
  }

  await mkdir(opts.archiveDir, { recursive: true });
  const firstSeq = start.seq + 1;
  const path = join(opts.archiveDir, `audit-${pad(firstSeq)}-${pad(boundary.seq)}.ndjson`);
  const archive = await writeArchive(db, {
    from: start,
    throughSeq: boundary.seq,
    path,
    ...(opts.batchSize ? { batchSize: opts.batchSize } : {}),
  });

  try {
    const auditSeq = await db.transaction(async (tx) => {
      await lockChain(tx);
      const current = (await readAnchor(tx))?.seq ?? 0;
      if (current !== start.seq) throw new Error("another retention run moved the audit anchor; run again");
      await tx.execute(
        sql`select set_config('switchyard.audit_prune_through', ${String(boundary.seq)}, true)`,
      );
      const [deleted] = rowsOf<{ n: string }>(
        await tx.execute(sql`with d as (
            delete from ${auditEvents} where ${auditEvents.seq} > ${start.seq} and ${auditEvents.seq} <= ${boundary.seq}
            returning 1)
          select count(*)::text as n from d`),
      );
      // The flag's job is done; clear it so nothing later in this transaction can use it.
      await tx.execute(sql`select set_config('switchyard.audit_prune_through', '', true)`);
      if (Number(deleted?.n) !== archive.count) {
        throw new Error(
          `archived ${archive.count} audit rows but ${deleted?.n ?? 0} were deleted; rolled back`,
        );
      }
      await tx.insert(auditAnchor).values({
        seq: boundary.seq,
        rowHash: boundary.rowHash,
        time: boundary.time,
        firstSeq,
        prevHash: start.rowHash,
        prunedBefore: opts.before.toISOString(),
        archiveFile: basename(path),
        archiveSha256: archive.sha256,
      });
      const audit = await recordAudit(tx, {
        ...actor,
        action: "audit.prune",
        targetObjects: [`audit_archive:${basename(path)}`],
        params: {
          before: opts.before.toISOString(),
          pruned: archive.count,
          firstSeq,
          lastSeq: boundary.seq,
          archiveFile: basename(path),
          archiveSha256: archive.sha256,
        },
      });
      return audit.seq;
    });
    return {
      pruned: archive.count,
      firstSeq,
      lastSeq: boundary.seq,
      archivePath: path,
      anchor: { seq: boundary.seq, rowHash: boundary.rowHash },
      auditSeq,
    };
  } catch (err) {
    // Nothing was deleted: drop the archive so a later run can write it again.
    await unlink(path).catch(() => {});
    throw err;
  }
}

/** Zero-padded so archive files sort by seq. */
function pad(seq: number): string {
  return String(seq).padStart(12, "0");
}
