// The review page's query: filters plus keyset pagination on seq (newest first), shaped so
// every page is an index range scan at 1,000,000 rows (see the indexes in
// packages/db/src/schema/audit-events.ts and the figures from bench/audit.bench.ts):
// - a time range becomes a seq range first (time never decreases along seq, record.ts), so
//   it combines with any other filter's (column, seq) index instead of fighting it;
// - free text is matched within a window of at most TEXT_SCAN_WINDOW candidate rows per
//   page; when the window runs out before the page fills, nextCursor resumes below it.
import { auditEvents, type Db, type Executor } from "@switchyard/db";
import { and, asc, desc, eq, gte, inArray, like, lt, lte, or, type SQL, sql } from "drizzle-orm";
import { auditEventColumns } from "./row.ts";
import {
  type AuditEvent,
  type AuditFilter,
  type AuditPage,
  type AuditPageRequest,
  auditFilterSchema,
  auditPageSchema,
} from "./types.ts";

/** Candidate rows a free-text page examines at most. */
export const TEXT_SCAN_WINDOW = 20_000;

type ParsedFilter = ReturnType<typeof auditFilterSchema.parse>;

/** The seq range a time filter covers; `empty` when no row can match. */
export type SeqBounds = { empty: true } | { empty: false; lo: number | null; hi: number | null };

export interface QueryTuning {
  /** Overrides TEXT_SCAN_WINDOW (tests use a small one). */
  textScanWindow?: number;
}

/** Events matching `filter`, newest first, `page.limit` (≤ 200) at a time. */
export async function listAuditEvents(
  db: Db,
  filter: AuditFilter,
  page: AuditPageRequest = {},
  tuning: QueryTuning = {},
): Promise<AuditPage> {
  const f = auditFilterSchema.parse(filter);
  const p = auditPageSchema.parse(page);
  const bounds = await seqBoundsFor(db, f);
  return fetchPage(db, f, bounds, p.cursor ?? null, p.limit, tuning);
}

/**
 * One page under already-resolved bounds. Exported for export.ts, which pages through a whole
 * filtered view with larger batches than the review page allows.
 */
export async function fetchPage(
  db: Executor,
  f: ParsedFilter,
  bounds: SeqBounds,
  cursor: number | null,
  limit: number,
  tuning: QueryTuning = {},
): Promise<AuditPage> {
  if (bounds.empty) return { rows: [], nextCursor: null };
  const where = structuralConditions(f, bounds);
  if (cursor !== null) where.push(lt(auditEvents.seq, cursor));

  let floor: number | null = null;
  if (f.text !== undefined) {
    // The lowest seq of the next window of rows the other filters allow: the text match
    // (which no index serves) runs on those rows only.
    const [edge] = await db
      .select({ seq: auditEvents.seq })
      .from(auditEvents)
      .where(and(...where))
      .orderBy(desc(auditEvents.seq))
      .offset((tuning.textScanWindow ?? TEXT_SCAN_WINDOW) - 1)
      .limit(1);
    if (edge) {
      floor = edge.seq;
      where.push(gte(auditEvents.seq, floor));
    }
    where.push(textCondition(f.text));
  }

  const rows: AuditEvent[] = await db
    .select(auditEventColumns)
    .from(auditEvents)
    .where(and(...where))
    .orderBy(desc(auditEvents.seq))
    .limit(limit + 1);
  if (rows.length > limit) {
    rows.length = limit;
    return { rows, nextCursor: rows[limit - 1]?.seq ?? null };
  }
  // Page not full: either nothing older matches, or the text window ended at `floor`.
  return { rows, nextCursor: floor };
}

/** Resolves the time range to seq bounds (two index probes on (time, seq)). */
export async function seqBoundsFor(db: Executor, f: ParsedFilter): Promise<SeqBounds> {
  let lo: number | null = null;
  let hi: number | null = null;
  if (f.from !== undefined) {
    const [first] = await db
      .select({ seq: auditEvents.seq })
      .from(auditEvents)
      .where(gte(auditEvents.time, f.from.toISOString()))
      .orderBy(asc(auditEvents.time), asc(auditEvents.seq))
      .limit(1);
    if (!first) return { empty: true };
    lo = first.seq;
  }
  if (f.to !== undefined) {
    const [last] = await db
      .select({ seq: auditEvents.seq })
      .from(auditEvents)
      .where(lt(auditEvents.time, f.to.toISOString()))
      .orderBy(desc(auditEvents.time), desc(auditEvents.seq))
      .limit(1);
    if (!last) return { empty: true };
    hi = last.seq;
  }
  if (lo !== null && hi !== null && lo > hi) return { empty: true };
  return { empty: false, lo, hi };
}

function structuralConditions(f: ParsedFilter, bounds: { lo: number | null; hi: number | null }): SQL[] {
  const where: SQL[] = [];
  if (bounds.lo !== null) where.push(gte(auditEvents.seq, bounds.lo));
  if (bounds.hi !== null) where.push(lte(auditEvents.seq, bounds.hi));
  // The time predicates stay as well: the seq bounds are exact only while time is monotonic.
  if (f.from !== undefined) where.push(gte(auditEvents.time, f.from.toISOString()));
  if (f.to !== undefined) where.push(lt(auditEvents.time, f.to.toISOString()));
  if (f.actor !== undefined) {
    const byActor = or(eq(auditEvents.actorId, f.actor), eq(auditEvents.actorName, f.actor));
    if (byActor) where.push(byActor);
  }
  if (f.action !== undefined) {
    where.push(
      f.action.endsWith("*")
        ? like(auditEvents.action, `${escapeLike(f.action.slice(0, -1))}%`)
        : eq(auditEvents.action, f.action),
    );
  }
  if (f.hostId !== undefined) {
    where.push(sql`${auditEvents.targetHosts} @> array[${f.hostId}]::text[]`);
  }
  if (f.outcome !== undefined) {
    where.push(
      typeof f.outcome === "string"
        ? eq(auditEvents.outcome, f.outcome)
        : inArray(auditEvents.outcome, [...new Set(f.outcome)]),
    );
  }
  return where;
}

function textCondition(text: string): SQL {
  const pattern = `%${escapeLike(text)}%`;
  return sql`(${auditEvents.action} ilike ${pattern} or ${auditEvents.actorName} ilike ${pattern}
    or ${auditEvents.error} ilike ${pattern} or ${auditEvents.params}::text ilike ${pattern})`;
}

/** LIKE treats % and _ as wildcards and \ as the escape character. */
function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
