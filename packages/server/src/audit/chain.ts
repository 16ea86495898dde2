// The hash chain: row_hash = sha256(prev_hash ‖ canonical JSON of the row's other fields),
// hex. Computed here in TypeScript, not in SQL, so PostgreSQL and PGlite behave the same and
// an archive can be checked with nothing but this file.
import { createHash } from "node:crypto";
import { canonicalJson } from "./canonical.ts";
import type { AuditEvent, AuditEventFields } from "./types.ts";

/** prev_hash of the very first row. */
export const GENESIS_HASH = "0".repeat(64);

/** The fields a row hash covers, in a fresh object (extra properties are left out). */
export function hashedFields(e: AuditEventFields): AuditEventFields {
  return {
    seq: e.seq,
    time: e.time,
    actorType: e.actorType,
    actorId: e.actorId,
    actorName: e.actorName,
    role: e.role,
    sourceIp: e.sourceIp,
    userAgent: e.userAgent,
    action: e.action,
    targetHosts: e.targetHosts,
    targetObjects: e.targetObjects,
    requestId: e.requestId,
    operationId: e.operationId,
    params: e.params,
    decision: e.decision,
    outcome: e.outcome,
    error: e.error,
    beforeDigest: e.beforeDigest,
    afterDigest: e.afterDigest,
  };
}

export function computeRowHash(prevHash: string, fields: AuditEventFields): string {
  return createHash("sha256")
    .update(prevHash)
    .update(canonicalJson({ ...hashedFields(fields) }))
    .digest("hex");
}

/** A point the chain continues from: the anchor after retention, or seq 0 / GENESIS_HASH. */
export interface ChainLink {
  seq: number;
  rowHash: string;
}

export interface ChainBreak {
  seq: number;
  reason: string;
}

/**
 * Checks rows one at a time in ascending seq order, keeping only the last link: constant
 * memory however long the chain. The first problem found is returned (and kept); later rows
 * are then ignored.
 */
export class ChainVerifier {
  #last: ChainLink;
  #broken: ChainBreak | null = null;
  #count = 0;

  constructor(start: ChainLink) {
    this.#last = { ...start };
  }

  /** Feeds the next row; returns the break if this row (or an earlier one) broke the chain. */
  push(row: AuditEvent): ChainBreak | null {
    if (this.#broken) return this.#broken;
    const expected = this.#last.seq + 1;
    if (row.seq !== expected) {
      this.#broken =
        row.seq > expected
          ? { seq: expected, reason: `row #${expected} is missing (next row is #${row.seq})` }
          : { seq: row.seq, reason: `row #${row.seq} is out of order after #${this.#last.seq}` };
    } else if (row.prevHash !== this.#last.rowHash) {
      this.#broken = {
        seq: row.seq,
        reason: `prev_hash of #${row.seq} does not match row_hash of #${this.#last.seq}`,
      };
    } else if (computeRowHash(row.prevHash, row) !== row.rowHash) {
      this.#broken = { seq: row.seq, reason: `row_hash of #${row.seq} does not match its contents` };
    } else {
      this.#last = { seq: row.seq, rowHash: row.rowHash };
      this.#count++;
    }
    return this.#broken;
  }

  /** The last verified link. */
  get last(): ChainLink {
    return { ...this.#last };
  }

  get broken(): ChainBreak | null {
    return this.#broken;
  }

  /** Rows verified so far. */
  get count(): number {
    return this.#count;
  }
}
