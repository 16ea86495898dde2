// The chain's head (last row, else the retention anchor, else genesis) and the lock that
// serialises appends. Every writer of audit_events (record.ts, retention.ts) takes the lock
// before reading the head, inside the transaction that then inserts or deletes: the head it
// reads cannot move until it commits, so the chain never forks.
import { auditAnchor, auditEvents, type Executor, type Tx } from "@switchyard/db";
import { desc, sql } from "drizzle-orm";
import { GENESIS_HASH } from "./chain.ts";
import { isoTime, rowsOf, toSeq } from "./row.ts";
import type { AuditHead } from "./types.ts";

/** pg_advisory_xact_lock key of the audit chain: the ASCII bytes of "SYRDAUDT" as an int8. */
export const AUDIT_CHAIN_LOCK_KEY = "6005922031182627924";

/**
 * Waits for, then holds until commit or rollback, the chain's lock. Must be its own
 * statement before the head is read: in READ COMMITTED each statement sees what was committed
 * when it started, so the read that follows sees the previous holder's row.
 */
export async function lockChain(tx: Tx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${sql.raw(AUDIT_CHAIN_LOCK_KEY)})`);
}

export interface HeadForAppend {
  head: AuditHead;
  /** Time for the next row: the database clock, but never before the head's time. */
  nextTime: string;
}

/** Reads the head and the next row's time in one round trip. Call after lockChain. */
export async function readHeadForAppend(tx: Tx): Promise<HeadForAppend> {
  const result = await tx.execute(sql`
    with last_row as (select seq, row_hash, time from audit_events order by seq desc limit 1),
         anchor as (select seq, row_hash, time from audit_anchor order by seq desc limit 1),
         head as (
           select * from last_row
           union all
           select * from anchor where not exists (select 1 from last_row)
         )
    select (select seq::text from head) as seq,
           (select row_hash from head) as row_hash,
           (select ${isoTime(sql`time`)} from head) as time,
           ${isoTime(sql`greatest(clock_timestamp(), (select time from head))`)} as next_time`);
  const [row] = rowsOf<{ seq: unknown; row_hash: string | null; time: string | null; next_time: string }>(
    result,
  );
  if (!row) throw new Error("audit head query returned no row");
  const head: AuditHead =
    row.seq === null || row.row_hash === null
      ? { seq: 0, rowHash: GENESIS_HASH, time: null }
      : { seq: toSeq(row.seq), rowHash: row.row_hash, time: row.time };
  return { head, nextTime: row.next_time };
}

/** The newest retention anchor, if the log was ever pruned. */
export async function readAnchor(exec: Executor): Promise<AuditHead | null> {
  const [row] = await exec
    .select({ seq: auditAnchor.seq, rowHash: auditAnchor.rowHash, time: isoTime(auditAnchor.time) })
    .from(auditAnchor)
    .orderBy(desc(auditAnchor.seq))
    .limit(1);
  return row ?? null;
}

/**
 * The chain's current head — the last row, else the anchor, else seq 0 / GENESIS_HASH — to be
 * kept outside the database (printed, mailed, committed elsewhere) and later passed to
 * verifyChain as `knownHead`: a chain rewritten since cannot match it.
 */
export async function exportHead(db: Executor): Promise<AuditHead> {
  const [last] = await db
    .select({ seq: auditEvents.seq, rowHash: auditEvents.rowHash, time: isoTime(auditEvents.time) })
    .from(auditEvents)
    .orderBy(desc(auditEvents.seq))
    .limit(1);
  return last ?? (await readAnchor(db)) ?? { seq: 0, rowHash: GENESIS_HASH, time: null };
}
