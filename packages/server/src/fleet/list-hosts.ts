import { type Db, hosts } from "@switchyard/db";
import { and, asc, gt, ilike, type SQL } from "drizzle-orm";
import { type HostScope, scopeCondition, selectorCondition } from "../authz/authorize.ts";
import type { LabelSelector } from "../authz/label-selector.ts";

export interface HostSummary {
  id: string;
  name: string;
  labels: Record<string, string>;
  status: "pending" | "online" | "offline";
  agentVersion: string | null;
  lastSeenAt: Date | null;
  containerCount: number | null;
  bridgeCount: number | null;
  linkCount: number | null;
  natRuleCount: number | null;
}

/** Hosts within `scope` (and the optional search and selector), in name order, for the fleet list. */
export function listHosts(
  db: Db,
  scope: HostScope,
  opts: {
    limit?: number;
    search?: string | undefined;
    selector?: LabelSelector | undefined;
    afterName?: string | null;
  } = {},
): Promise<HostSummary[]> {
  const conds: SQL[] = [scopeCondition(scope)];
  if (opts.search) conds.push(ilike(hosts.name, `%${opts.search.replace(/[%_\\]/g, "\\$&")}%`));
  if (opts.selector) conds.push(selectorCondition(opts.selector));
  // Keyset page: names sort uniquely, so the last name seen is the cursor.
  if (opts.afterName) conds.push(gt(hosts.name, opts.afterName));
  return db
    .select({
      id: hosts.id,
      name: hosts.name,
      labels: hosts.labels,
      status: hosts.status,
      agentVersion: hosts.agentVersion,
      lastSeenAt: hosts.lastSeenAt,
      containerCount: hosts.containerCount,
      bridgeCount: hosts.bridgeCount,
      linkCount: hosts.linkCount,
      natRuleCount: hosts.natRuleCount,
    })
    .from(hosts)
    .where(and(...conds))
    .orderBy(asc(hosts.name))
    .limit(opts.limit ?? 500);
}
