// Writing the audit log: the only code that inserts into audit_events (retention.ts records
// its own run through it too). Each insert takes the chain lock, reads the head, and appends
// seq = head + 1 with its hash, all inside the caller's transaction.
import { auditEvents, type Db, type Executor, type Tx } from "@switchyard/db";
import { PgTransaction } from "drizzle-orm/pg-core";
import { computeRowHash } from "./chain.ts";
import { lockChain, readHeadForAppend } from "./head.ts";
import {
  type AuditEventFields,
  type AuditEventInput,
  auditEventInputSchema,
  type ParsedAuditEvent,
} from "./types.ts";

export interface RecordedAudit {
  seq: number;
  rowHash: string;
}

/**
 * Appends one event. Given a transaction it joins it (the event commits or rolls back with
 * the caller's writes, and the chain stays locked until then); given the database it opens
 * its own. The transaction must be READ COMMITTED (the default): a snapshot older than the
 * lock would read a stale head, and the insert then fails on the seq key instead of forking.
 * Throws a ZodError for invalid input, before touching the database.
 */
export async function recordAudit(exec: Executor, event: AuditEventInput): Promise<RecordedAudit> {
  const parsed = auditEventInputSchema.parse(event);
  if (exec instanceof PgTransaction) return appendEvent(exec, parsed);
  return exec.transaction((tx) => appendEvent(tx, parsed));
}

/**
 * Runs `action` and the audit insert in one transaction, the audit insert first: if it fails
 * the action never runs, and if the action throws, its writes and the event roll back
 * together. The event is recorded with `event.outcome` (default `succeeded`). When the action
 * (or the commit) fails, a separate `failed` event carrying the error message is recorded in
 * its own transaction, best effort, and the original error is rethrown. Pass the database,
 * not a transaction: the action's transaction is opened here.
 */
export async function withAudit<T>(
  db: Db,
  event: AuditEventInput,
  action: (tx: Tx) => Promise<T>,
): Promise<T> {
  const parsed = auditEventInputSchema.parse(event);
  let recorded = false;
  try {
    return await db.transaction(async (tx) => {
      await appendEvent(tx, parsed);
      recorded = true;
      return action(tx);
    });
  } catch (err) {
    // Only when the audit insert itself worked: if it failed, recording again would fail too.
    if (recorded) {
      try {
        await recordAudit(db, { ...parsed, outcome: "failed", error: errorText(err) });
      } catch {
        // Best effort by design: the caller gets the action's error, which matters more here.
      }
    }
    throw err;
  }
}

async function appendEvent(tx: Tx, e: ParsedAuditEvent): Promise<RecordedAudit> {
  await lockChain(tx);
  const { head, nextTime } = await readHeadForAppend(tx);
  const fields: AuditEventFields = { ...e, seq: head.seq + 1, time: nextTime };
  const rowHash = computeRowHash(head.rowHash, fields);
  await tx.insert(auditEvents).values({ ...fields, prevHash: head.rowHash, rowHash });
  return { seq: fields.seq, rowHash };
}

function errorText(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}
