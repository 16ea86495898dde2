// How audit rows are read: one column list for every reader (review page, export, verifier,
// retention), with `time` rendered by the database in the one format the hash covers.
import { auditEvents } from "@switchyard/db";
import { type SQL, type SQLWrapper, sql } from "drizzle-orm";

/** `time` as ISO 8601 UTC with microseconds, exactly as hashed: 2026-01-31T12:00:00.123456Z. */
export function isoTime(column: SQLWrapper): SQL<string> {
  return sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/**
 * Column selection for `db.select(auditEventColumns).from(auditEvents)`. Readers assign the
 * result to `AuditEvent[]`, so the compiler checks that the two stay in step.
 */
export const auditEventColumns = {
  seq: auditEvents.seq,
  time: isoTime(auditEvents.time),
  actorType: auditEvents.actorType,
  actorId: auditEvents.actorId,
  actorName: auditEvents.actorName,
  role: auditEvents.role,
  sourceIp: auditEvents.sourceIp,
  userAgent: auditEvents.userAgent,
  action: auditEvents.action,
  targetHosts: auditEvents.targetHosts,
  targetObjects: auditEvents.targetObjects,
  requestId: auditEvents.requestId,
  operationId: auditEvents.operationId,
  params: auditEvents.params,
  decision: auditEvents.decision,
  outcome: auditEvents.outcome,
  error: auditEvents.error,
  beforeDigest: auditEvents.beforeDigest,
  afterDigest: auditEvents.afterDigest,
  prevHash: auditEvents.prevHash,
  rowHash: auditEvents.rowHash,
};

/** Rows of `db.execute(sql…)`: postgres.js returns an array, PGlite `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  if (typeof result === "object" && result !== null && "rows" in result && Array.isArray(result.rows)) {
    return result.rows as T[];
  }
  throw new TypeError("unexpected result shape from db.execute");
}

/** int8 arrives as string (postgres.js), bigint or number (PGlite); seqs stay below 2^53. */
export function toSeq(value: unknown): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new TypeError(`not a seq: ${String(value)}`);
  return n;
}

/**
 * Marks a query started ahead of need (the next batch, fetched while this one is processed)
 * as handled, so a failure is reported where it is awaited rather than as an unhandled rejection.
 */
export function prefetch<T>(query: Promise<T>): Promise<T> {
  query.catch(() => {});
  return query;
}
