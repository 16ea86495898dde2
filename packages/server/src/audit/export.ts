// Export of any filtered view as CSV or NDJSON: an async iterable of text chunks, fetched in
// keyset batches (newest first, the review page's order), so memory stays flat and there is
// no row cap. The caller streams it to the response or a file, and records the export itself
// (action `audit.export`) — that is the router's job, as it knows the actor.
import type { Db } from "@switchyard/db";
import { stringify } from "csv-stringify/sync";
import { hashedFields } from "./chain.ts";
import { fetchPage, type QueryTuning, seqBoundsFor } from "./query.ts";
import { prefetch } from "./row.ts";
import { type AuditEvent, type AuditFilter, type AuditPage, auditFilterSchema } from "./types.ts";

export type AuditExportFormat = "csv" | "ndjson";

/** Rows per database round trip while exporting. */
export const EXPORT_BATCH_SIZE = 2000;

/** Column order of both formats (NDJSON objects list their keys in this order too). */
export const auditExportColumns = [
  "seq",
  "time",
  "actorType",
  "actorId",
  "actorName",
  "role",
  "sourceIp",
  "userAgent",
  "action",
  "targetHosts",
  "targetObjects",
  "requestId",
  "operationId",
  "params",
  "decision",
  "outcome",
  "error",
  "beforeDigest",
  "afterDigest",
  "prevHash",
  "rowHash",
] as const satisfies readonly (keyof AuditEvent)[];

export interface ExportOptions extends QueryTuning {
  batchSize?: number;
  /**
   * Export rows up to this seq only. The HTTP export passes the seq before its own
   * `audit.export` record, so the file is the view as it stood when it was asked for.
   */
  throughSeq?: number;
}

export async function* streamAuditEvents(
  db: Db,
  filter: AuditFilter,
  format: AuditExportFormat,
  opts: ExportOptions = {},
): AsyncGenerator<string, void, undefined> {
  const f = auditFilterSchema.parse(filter);
  const batchSize = opts.batchSize ?? EXPORT_BATCH_SIZE;
  if (format === "csv") yield csvHeader();
  const bounds = await seqBoundsFor(db, f);
  const load = (cursor: number | null) => prefetch(fetchPage(db, f, bounds, cursor, batchSize, opts));
  // fetchPage's cursor is exclusive: rows with seq < cursor.
  let next: Promise<AuditPage> | null = load(opts.throughSeq === undefined ? null : opts.throughSeq + 1);
  try {
    while (next) {
      const page: AuditPage = await next;
      // The database reads the next batch while this one is formatted and consumed.
      next = page.nextCursor === null ? null : load(page.nextCursor);
      // A text-filtered batch may come back empty while older rows remain to be searched.
      if (page.rows.length > 0) yield format === "csv" ? toCsvRows(page.rows) : toNdjson(page.rows);
    }
  } finally {
    // The consumer may stop early: let the batch in flight finish before the connection is reused.
    await next?.catch(() => {});
  }
}

/**
 * CSV options: RFC 4180 quoting by csv-stringify, and cells starting with = + - @ tab or CR
 * prefixed with ' so a spreadsheet never runs a formula an attacker typed as a user name or
 * user agent. Arrays and params are written as JSON; null is an empty cell.
 */
const csvOptions = { escape_formulas: true, eof: true } as const;

export function csvHeader(): string {
  return stringify([[...auditExportColumns]], csvOptions);
}

export function toCsvRows(rows: readonly AuditEvent[]): string {
  return stringify(
    rows.map((r) => auditExportColumns.map((c) => csvCell(r[c]))),
    csvOptions,
  );
}

function csvCell(value: AuditEvent[keyof AuditEvent]): string {
  if (value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  return JSON.stringify(value);
}

/** One JSON object per line; each line carries prevHash and rowHash, so it verifies alone. */
export function toNdjson(rows: readonly AuditEvent[]): string {
  let out = "";
  for (const r of rows) out += `${JSON.stringify(orderedEvent(r))}\n`;
  return out;
}

/** The event with its keys in export order (and nothing else a query might have added). */
export function orderedEvent(r: AuditEvent): AuditEvent {
  return { ...hashedFields(r), prevHash: r.prevHash, rowHash: r.rowHash };
}
