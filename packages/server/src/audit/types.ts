// The audit log's input and output shapes. What the calling code itself decides (action,
// actor type, outcome, digests) is rejected when malformed: that is a programming error. Text
// that may come from a request (names, user agent, ids and targets a caller guessed, error
// messages) is truncated to its limit instead, so hostile input can never make the audit
// insert — and with it the audited action, or the audit of a denial — fail. Counts of targets
// and the size of params stay hard limits: requests that big are refused upstream.
import {
  type AuditActorType,
  type AuditDecision,
  type AuditJson,
  type AuditOutcome,
  auditActorTypes,
  auditDecisions,
  auditOutcomes,
} from "@switchyard/db";
import { z } from "zod";
import { cleanText, redactSecrets } from "./redact.ts";

export type { AuditActorType, AuditDecision, AuditJson, AuditOutcome };
export { auditActorTypes, auditDecisions, auditOutcomes };

/** Largest accepted `params`, as JSON text after redaction. */
export const MAX_PARAMS_BYTES = 64 * 1024;

/** Cuts `s` to `max` characters, the last one an ellipsis, and makes it storable. */
function truncate(s: string, max: number): string {
  return cleanText(s.length > max ? `${s.slice(0, max - 1)}…` : s);
}

/** Optional text, truncated to `max`; absent becomes null. */
const text = (max: number) =>
  z
    .string()
    .transform((s) => truncate(s, max))
    .nullish()
    .transform((s) => s ?? null);

/** Optional identifier, truncated to `max`; absent or empty becomes null. */
const ident = (max: number) =>
  z
    .string()
    .transform((s) => (s === "" ? null : truncate(s, max)))
    .nullish()
    .transform((s) => s ?? null);

/** A list of references, at most `count`, each truncated to `max`; empty entries are dropped. */
const refs = (max: number, count: number) =>
  z
    .array(z.string())
    .max(count)
    .default([])
    .transform((items) => items.filter((s) => s !== "").map((s) => truncate(s, max)));

const digest = z
  .string()
  .regex(/^[0-9a-f]{16,128}$/, "hex digest")
  .nullish()
  .transform((s) => s ?? null);

/** `domain.verb`, lower-case with underscores, e.g. `auth.sign_in`, `operations.apply`. */
export const auditActionSchema = z
  .string()
  .max(100)
  .regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/, "action must look like domain.verb");

export const auditEventInputSchema = z.object({
  actorType: z.enum(auditActorTypes),
  actorId: ident(200),
  actorName: text(200),
  /** Role(s) the actor acted with, e.g. `admin` or `operator,viewer` ("" for none). */
  role: text(200),
  sourceIp: text(100),
  userAgent: text(512),
  action: auditActionSchema,
  targetHosts: refs(200, 10_000),
  targetObjects: refs(300, 1_000),
  requestId: ident(200),
  operationId: ident(200),
  /** Redacted (keys like password/secret/token/key/credential) and normalised to plain JSON. */
  params: z
    .record(z.string(), z.unknown())
    .default({})
    .transform((p, ctx) => {
      const redacted = redactSecrets(p);
      const size = Buffer.byteLength(JSON.stringify(redacted));
      if (size > MAX_PARAMS_BYTES) {
        ctx.addIssue({
          code: "custom",
          message: `params are ${size} bytes of JSON; at most ${MAX_PARAMS_BYTES}`,
        });
        return z.NEVER;
      }
      // redactSecrets maps an object to an object; the check keeps the type honest.
      return isJsonObject(redacted) ? redacted : {};
    }),
  decision: z
    .enum(auditDecisions)
    .nullish()
    .transform((d) => d ?? null),
  /** Defaults to `succeeded`; operation intents are written as `pending`. */
  outcome: z.enum(auditOutcomes).default("succeeded"),
  error: text(4000),
  beforeDigest: digest,
  afterDigest: digest,
});

/** What callers pass to recordAudit / withAudit. */
export type AuditEventInput = z.input<typeof auditEventInputSchema>;
/** The same after validation, redaction and defaults. */
export type ParsedAuditEvent = z.output<typeof auditEventInputSchema>;

/** The fields of a stored event that its row_hash covers (everything but prevHash/rowHash). */
export interface AuditEventFields {
  seq: number;
  /** ISO 8601, UTC, microseconds: `2026-01-31T12:00:00.123456Z`. */
  time: string;
  actorType: AuditActorType;
  actorId: string | null;
  actorName: string | null;
  role: string | null;
  sourceIp: string | null;
  userAgent: string | null;
  action: string;
  targetHosts: string[];
  targetObjects: string[];
  requestId: string | null;
  operationId: string | null;
  params: { [key: string]: AuditJson };
  decision: AuditDecision | null;
  outcome: AuditOutcome;
  error: string | null;
  beforeDigest: string | null;
  afterDigest: string | null;
}

/** A stored audit event, as the review page, exports and archives carry it. */
export interface AuditEvent extends AuditEventFields {
  prevHash: string;
  rowHash: string;
}

/** Review-page filters. Every one is optional; together they are ANDed. */
export const auditFilterSchema = z.object({
  /** Inclusive lower bound of `time`. */
  from: z.coerce.date<Date | string>().optional(),
  /** Exclusive upper bound of `time`. */
  to: z.coerce.date<Date | string>().optional(),
  /** Actor id or actor name (exact). */
  actor: z.string().min(1).max(200).optional(),
  /** Exact action (`grants.update`), or a prefix ending in `*` (`auth.*`, `operations.*`). */
  action: z
    .string()
    .min(1)
    .max(101)
    .regex(/^[a-z0-9_.]+\*?$/, "action filter: letters, digits, _ and ., optionally ending in *")
    .optional(),
  /** A host id among the event's target hosts. */
  hostId: z.string().min(1).max(200).optional(),
  outcome: z.union([z.enum(auditOutcomes), z.array(z.enum(auditOutcomes)).min(1).max(7)]).optional(),
  /** Case-insensitive substring of action, actor name, error or params (searched in windows). */
  text: z.string().min(1).max(200).optional(),
});
export type AuditFilter = z.input<typeof auditFilterSchema>;

export const MAX_PAGE_SIZE = 200;
export const auditPageSchema = z.object({
  /** Return events older than this seq (the previous page's nextCursor). */
  cursor: z.number().int().positive().optional(),
  limit: z.number().int().min(1).max(MAX_PAGE_SIZE).default(50),
});
export type AuditPageRequest = z.input<typeof auditPageSchema>;

export interface AuditPage {
  /** Newest first. */
  rows: AuditEvent[];
  /** Pass as `cursor` for the next page; null when there is nothing older. */
  nextCursor: number | null;
}

/** The last link of the chain, to be kept somewhere the database's admins cannot edit. */
export interface AuditHead {
  /** 0 for an empty log that was never pruned. */
  seq: number;
  rowHash: string;
  /** Null for an empty log that was never pruned. */
  time: string | null;
}

export type VerifyResult =
  | { ok: true; verifiedUpTo: number; headHash: string }
  | { ok: false; firstBrokenSeq: number; reason: string };

function isJsonObject(v: AuditJson): v is { [key: string]: AuditJson } {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
