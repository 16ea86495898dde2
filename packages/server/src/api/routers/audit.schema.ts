// Input and output schemas of the audit router (routers/audit.ts). Outputs are checked, so
// the review page, the CLI and the export describe an event the same way.
import { z } from "zod";
import { auditFilterInputSchema } from "../../audit/host-filter.ts";
import { auditActorTypes, auditDecisions, auditOutcomes, MAX_PAGE_SIZE } from "../../audit/types.ts";

const seq = z.number().int().positive();
const hash = z.string().regex(/^[0-9a-f]{64}$/, "a sha256 hash, 64 hex digits");

export const listInput = z
  .object({
    filter: auditFilterInputSchema.default({}),
    /** The previous page's nextCursor: events older than this seq. */
    cursor: seq.nullish(),
    limit: z.number().int().min(1).max(MAX_PAGE_SIZE).default(50),
  })
  .default({ filter: {}, limit: 50 });

export const auditEventOutput = z.object({
  seq,
  /** ISO 8601, UTC, microseconds. */
  time: z.string(),
  actorType: z.enum(auditActorTypes),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  role: z.string().nullable(),
  sourceIp: z.string().nullable(),
  userAgent: z.string().nullable(),
  action: z.string(),
  targetHosts: z.array(z.string()),
  targetObjects: z.array(z.string()),
  requestId: z.string().nullable(),
  operationId: z.string().nullable(),
  params: z.record(z.string(), z.json()),
  decision: z.enum(auditDecisions).nullable(),
  outcome: z.enum(auditOutcomes),
  error: z.string().nullable(),
  beforeDigest: z.string().nullable(),
  afterDigest: z.string().nullable(),
  prevHash: hash,
  rowHash: hash,
});

export const listOutput = z.object({
  /** Newest first. */
  rows: z.array(auditEventOutput),
  /**
   * Pass as `cursor` for the next page; null when nothing older matches. With a free-text
   * filter a page may hold fewer than `limit` rows (even none) while this is still set.
   */
  nextCursor: seq.nullable(),
  /** Current names of the hosts these rows target, by id (removed hosts are absent). */
  hostNames: z.record(z.string(), z.string()),
});

export const getInput = z.object({ seq });

export const verifyInput = z
  .object({
    /** A head exported earlier (audit.head) and kept elsewhere; a rewritten chain cannot match it. */
    knownHead: z.object({ seq: z.number().int().min(0), rowHash: hash }).optional(),
  })
  .default({});

export const verifyOutput = z.discriminatedUnion("ok", [
  z.object({ ok: z.literal(true), verifiedUpTo: z.number().int().min(0), headHash: hash }),
  z.object({ ok: z.literal(false), firstBrokenSeq: seq, reason: z.string() }),
]);

export const headOutput = z.object({
  /** 0 for an empty log that was never pruned. */
  seq: z.number().int().min(0),
  rowHash: hash,
  time: z.string().nullable(),
});
