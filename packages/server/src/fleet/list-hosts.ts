import { type Db, hosts } from "@switchyard/db";
import { asc } from "drizzle-orm";
import { type HostScope, scopeCondition } from "../authz/authorize.ts";

export interface HostSummary {
  id: string;
  name: string;
  labels: Record<string, string>;
  status: "pending" | "online" | "offline";
  agentVersion: string | null;
  lastSeenAt: Date | null;
}

/** Hosts of the fleet within `scope`, in name order, with the columns the fleet list shows. */
export function listHosts(db: Db, scope: HostScope, opts: { limit?: number } = {}): Promise<HostSummary[]> {
  return db
    .select({
      id: hosts.id,
      name: hosts.name,
      labels: hosts.labels,
      status: hosts.status,
      agentVersion: hosts.agentVersion,
      lastSeenAt: hosts.lastSeenAt,
    })
    .from(hosts)
    .where(scopeCondition(scope))
    .orderBy(asc(hosts.name))
    .limit(opts.limit ?? 100);
}
