import { sql } from "drizzle-orm";
import { bigint, check, index, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

export const auditActorTypes = ["user", "token", "agent", "system"] as const;
export type AuditActorType = (typeof auditActorTypes)[number];

export const auditDecisions = ["allow", "deny"] as const;
export type AuditDecision = (typeof auditDecisions)[number];

export const auditOutcomes = [
  "succeeded",
  "failed",
  "rolled_back",
  "timed_out",
  "unknown",
  "pending",
  "denied",
] as const;
export type AuditOutcome = (typeof auditOutcomes)[number];

/** JSON as stored in `params` (after redaction and normalisation). */
export type AuditJson = string | number | boolean | null | AuditJson[] | { [key: string]: AuditJson };

/**
 * The audit log: append-only (triggers in migration 0004 raise on UPDATE, DELETE and
 * TRUNCATE; only the retention job may delete, see packages/server/src/audit/retention.ts)
 * and hash-chained: row_hash = sha256(prev_hash ‖ canonical JSON of the other columns).
 * Rows are written only by packages/server/src/audit/record.ts, which serialises inserts
 * with an advisory lock, numbers them head+1 (gap-free) and keeps `time` non-decreasing
 * in seq, so a time range maps to a seq range (query.ts relies on it).
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    /** Position in the chain: 1, 2, 3, … without gaps (assigned under the advisory lock). */
    seq: bigint("seq", { mode: "number" }).notNull(),
    /** When it was recorded (database clock, UTC, microseconds; never before its predecessor). */
    time: timestamp("time", { withTimezone: true, precision: 6, mode: "string" }).notNull(),
    actorType: text("actor_type", { enum: auditActorTypes }).notNull(),
    /** User id, token id or agent id; null when unknown (e.g. a failed sign-in). */
    actorId: text("actor_id"),
    /** Human-readable actor (username, token name, host name) at the time of the event. */
    actorName: text("actor_name"),
    /** The role the actor acted with (viewer, operator, admin), if any. */
    role: text("role"),
    sourceIp: text("source_ip"),
    userAgent: text("user_agent"),
    /** Dotted verb, e.g. `auth.sign_in`, `grants.update`, `authz.deny`. */
    action: text("action").notNull(),
    /** Host ids the action touched. */
    targetHosts: text("target_hosts").array().notNull().default(sql`'{}'::text[]`),
    /** Other objects, as `kind:id` (e.g. `user:<id>`, `token:<id>`). */
    targetObjects: text("target_objects").array().notNull().default(sql`'{}'::text[]`),
    requestId: text("request_id"),
    operationId: text("operation_id"),
    /** Parameters with secrets redacted before storing. */
    params: jsonb("params").$type<{ [key: string]: AuditJson }>().notNull().default(sql`'{}'::jsonb`),
    /** Authorization decision, when one was taken. */
    decision: text("decision", { enum: auditDecisions }),
    outcome: text("outcome", { enum: auditOutcomes }).notNull(),
    error: text("error"),
    /** sha256 of the state before/after an operation (hex), for operations only. */
    beforeDigest: text("before_digest"),
    afterDigest: text("after_digest"),
    /** row_hash of the previous row (or of the retention anchor, or 64 zeros for the first row). */
    prevHash: text("prev_hash").notNull(),
    rowHash: text("row_hash").notNull(),
  },
  (t) => [
    primaryKey({ name: "audit_events_pkey", columns: [t.seq] }),
    // Every filter index ends in seq, so "filter = x and seq < cursor order by seq desc limit n"
    // is one backward index range scan, however deep the page.
    index("audit_events_time_idx").on(t.time, t.seq),
    index("audit_events_actor_id_idx").on(t.actorId, t.seq),
    index("audit_events_actor_name_idx").on(t.actorName, t.seq),
    // text_pattern_ops serves both `action = x` and the prefix filter `action like 'auth.%'`.
    index("audit_events_action_idx").on(t.action.op("text_pattern_ops"), t.seq),
    index("audit_events_outcome_idx").on(t.outcome, t.seq),
    index("audit_events_operation_id_idx").on(t.operationId).where(sql`${t.operationId} is not null`),
    index("audit_events_target_hosts_gin").using("gin", t.targetHosts),
    index("audit_events_target_objects_gin").using("gin", t.targetObjects),
    check("audit_events_seq_positive", sql`${t.seq} > 0`),
    check("audit_events_actor_type_check", sql`${t.actorType} in ('user', 'token', 'agent', 'system')`),
    check(
      "audit_events_outcome_check",
      sql`${t.outcome} in ('succeeded', 'failed', 'rolled_back', 'timed_out', 'unknown', 'pending', 'denied')`,
    ),
    check("audit_events_decision_check", sql`${t.decision} is null or ${t.decision} in ('allow', 'deny')`),
    check(
      "audit_events_hashes_hex",
      sql`${t.prevHash} ~ '^[0-9a-f]{64}$' and ${t.rowHash} ~ '^[0-9a-f]{64}$'`,
    ),
  ],
);

export type AuditEventRow = typeof auditEvents.$inferSelect;
