// One audit event by seq, with every field (the review page's detail panel and `audit get`).
import { auditEvents, type Executor } from "@switchyard/db";
import { eq } from "drizzle-orm";
import { auditEventColumns } from "./row.ts";
import type { AuditEvent } from "./types.ts";

/** The event numbered `seq`, or null when there is none (never recorded, or pruned). */
export async function getAuditEvent(db: Executor, seq: number): Promise<AuditEvent | null> {
  const rows: AuditEvent[] = await db
    .select(auditEventColumns)
    .from(auditEvents)
    .where(eq(auditEvents.seq, seq))
    .limit(1);
  return rows[0] ?? null;
}
