// The API's audit filter names a host by id or by name; the audit core filters on host ids
// (rows keep the id, and a host may since have been renamed or removed). This turns one into
// the other, so the review page, the export and the CLI share one meaning of `host`.
import { type Executor, hosts } from "@switchyard/db";
import { eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { AppError } from "../errors/app-error.ts";
import { type AuditFilter, auditFilterSchema } from "./types.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The review-page filter as the API takes it: `host` is a host id or a host name. */
export const auditFilterInputSchema = auditFilterSchema.omit({ hostId: true }).extend({
  /** A host id (events of removed hosts too), or the name of a current host. */
  host: z.string().trim().min(1).max(253).optional(),
});
export type AuditFilterInput = z.input<typeof auditFilterInputSchema>;

/**
 * Replaces `host` by `hostId`. An id is taken as it is; a name must belong to a current host,
 * otherwise NOT_FOUND names the field (`fieldPath`), as a silently empty page would mislead.
 */
export async function resolveHostFilter(
  db: Executor,
  filter: z.output<typeof auditFilterInputSchema>,
  fieldPath = "filter.host",
): Promise<AuditFilter> {
  const { host, ...rest } = filter;
  if (host === undefined) return rest;
  if (UUID.test(host)) return { ...rest, hostId: host };
  const [row] = await db.select({ id: hosts.id }).from(hosts).where(eq(hosts.name, host)).limit(1);
  if (!row) {
    throw new AppError(
      "NOT_FOUND",
      `no host named "${host}"; give the host id to find the events of a removed host`,
      fieldPath,
    );
  }
  return { ...rest, hostId: row.id };
}

/** Current names of the hosts among `ids` (rows keep ids; people read names). */
export async function hostNamesOf(db: Executor, ids: readonly string[]): Promise<Record<string, string>> {
  // Targets are whatever a caller named (denials too): only well-formed ids can match a host.
  const unique = [...new Set(ids)].filter((id) => UUID.test(id));
  if (unique.length === 0) return {};
  const rows = await db
    .select({ id: hosts.id, name: hosts.name })
    .from(hosts)
    .where(inArray(hosts.id, unique));
  return Object.fromEntries(rows.map((r) => [r.id, r.name]));
}
