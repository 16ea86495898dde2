// Walks the whole chain in seq batches (constant memory) from the retention anchor, or from
// genesis if the log was never pruned, and names the first row that does not hold.
import { auditEvents, type Db } from "@switchyard/db";
import { and, asc, desc, gt, lte } from "drizzle-orm";
import { type ChainLink, ChainVerifier, GENESIS_HASH } from "./chain.ts";
import { readAnchor } from "./head.ts";
import { auditEventColumns, prefetch } from "./row.ts";
import type { AuditEvent, AuditHead, VerifyResult } from "./types.ts";

export interface VerifyOptions {
  /** Rows per query (default 2000). */
  batchSize?: number;
  /**
   * A head exported earlier (exportHead) and kept elsewhere. A chain rewritten from some row
   * on, hashes recomputed, verifies on its own; it cannot also match a head kept outside.
   * Ignored when retention has since pruned past it.
   */
  knownHead?: Pick<AuditHead, "seq" | "rowHash">;
}

export async function verifyChain(db: Db, opts: VerifyOptions = {}): Promise<VerifyResult> {
  // The walk is not one snapshot (on PGlite a long transaction would stall the app), so a
  // retention run during it looks like missing rows: if the anchor moved, walk again.
  for (let attempt = 1; ; attempt++) {
    const anchor = await readAnchor(db);
    const result = await walk(db, anchor, opts);
    if (result.ok || attempt === 3) return result;
    const now = await readAnchor(db);
    if (now?.seq === anchor?.seq) return result;
  }
}

async function walk(db: Db, anchor: ChainLink | null, opts: VerifyOptions): Promise<VerifyResult> {
  const batchSize = opts.batchSize ?? 2000;
  const start: ChainLink = anchor ?? { seq: 0, rowHash: GENESIS_HASH };
  // Rows appended while we walk are left for the next run, so the walk always ends.
  const [last] = await db
    .select({ seq: auditEvents.seq })
    .from(auditEvents)
    .orderBy(desc(auditEvents.seq))
    .limit(1);
  const upTo = last?.seq ?? start.seq;

  const verifier = new ChainVerifier(start);
  const known = opts.knownHead;
  let knownChecked = known === undefined || known.seq < start.seq;
  if (known && known.seq === start.seq) {
    if (known.rowHash !== start.rowHash) {
      return { ok: false, firstBrokenSeq: known.seq, reason: `#${known.seq} differs from the known head` };
    }
    knownChecked = true;
  }

  const load = (after: number) =>
    prefetch(
      (async (): Promise<AuditEvent[]> =>
        db
          .select(auditEventColumns)
          .from(auditEvents)
          .where(and(gt(auditEvents.seq, after), lte(auditEvents.seq, upTo)))
          .orderBy(asc(auditEvents.seq))
          .limit(batchSize))(),
    );
  let next: Promise<AuditEvent[]> | null = start.seq < upTo ? load(start.seq) : null;
  try {
    while (next) {
      const rows: AuditEvent[] = await next;
      const last = rows[rows.length - 1];
      // The database reads the next batch while this one is hashed.
      next = last && last.seq < upTo ? load(last.seq) : null;
      for (const row of rows) {
        const broken = verifier.push(row);
        if (broken) return { ok: false, firstBrokenSeq: broken.seq, reason: broken.reason };
        if (known && row.seq === known.seq) {
          if (row.rowHash !== known.rowHash) {
            return { ok: false, firstBrokenSeq: row.seq, reason: `#${row.seq} differs from the known head` };
          }
          knownChecked = true;
        }
      }
    }
  } finally {
    await next?.catch(() => {});
  }

  const head = verifier.last;
  if (head.seq < upTo) {
    return { ok: false, firstBrokenSeq: head.seq + 1, reason: `rows after #${head.seq} are missing` };
  }
  if (!knownChecked && known) {
    return {
      ok: false,
      firstBrokenSeq: head.seq + 1,
      reason: `the chain ends at #${head.seq}, before the known head #${known.seq}: rows were removed`,
    };
  }
  return { ok: true, verifiedUpTo: head.seq, headHash: head.rowHash };
}
