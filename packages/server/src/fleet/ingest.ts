// Storing what agents report: the latest snapshot per host (with summary counts for the
// fleet list), a timeline of what changed, and connection state.
import { type Db, hostEvents, hostSnapshots, hosts } from "@switchyard/db";
import { diffSnapshots } from "@switchyard/netops";
import { HostSnapshot } from "@switchyard/protocol";
import { and, eq, lt, type SQL, sql } from "drizzle-orm";
import { type HostScope, scopeCondition } from "../authz/authorize.ts";

export function summaryOf(s: HostSnapshot) {
  const nat = s.iptables.available ? s.iptables.value.nat.rules.length : null;
  return {
    containerCount: s.docker.available ? s.docker.value.containers.length : null,
    bridgeCount: s.bridges.available ? s.bridges.value.length : null,
    linkCount: s.links.available ? s.links.value.length : null,
    natRuleCount: nat,
  };
}

/** The stored snapshot of a host, or null. */
export async function latestSnapshot(
  db: Db,
  hostId: string,
): Promise<{ hash: string; snapshot: HostSnapshot } | null> {
  const [row] = await db
    .select({ hash: hostSnapshots.hash, snapshot: hostSnapshots.snapshot })
    .from(hostSnapshots)
    .where(eq(hostSnapshots.hostId, hostId));
  if (!row) return null;
  const parsed = HostSnapshot.safeParse(row.snapshot);
  return parsed.success ? { hash: row.hash, snapshot: parsed.data } : null;
}

/** Stores `snapshot` as the host's latest; records what changed when the hash differs. */
export async function storeSnapshot(
  db: Db,
  hostId: string,
  hash: string,
  snapshot: HostSnapshot,
  now = new Date(),
) {
  const previous = await latestSnapshot(db, hostId);
  if (previous?.hash === hash) {
    await db.update(hosts).set({ lastSeenAt: now }).where(eq(hosts.id, hostId));
    return { changed: false };
  }
  const changes = previous
    ? diffSnapshots(previous.snapshot, snapshot).map((c) => ({
        section: c.section,
        summary: c.item ? `${c.change} ${c.item}` : `${c.section} ${c.change}`,
      }))
    : [{ section: "all", summary: "first snapshot" }];
  await db.transaction(async (tx) => {
    await tx
      .insert(hostSnapshots)
      .values({ hostId, hash, snapshot, collectedAt: now, receivedAt: now })
      .onConflictDoUpdate({
        target: hostSnapshots.hostId,
        set: { hash, snapshot, collectedAt: now, receivedAt: now },
      });
    await tx.insert(hostEvents).values({ hostId, kind: "snapshot_changed", hash, changes, at: now });
    await tx
      .update(hosts)
      .set({ ...summaryOf(snapshot), lastSeenAt: now })
      .where(eq(hosts.id, hostId));
  });
  return { changed: true };
}

export async function markConnected(
  db: Db,
  hostId: string,
  facts: { agentVersion: string; labels: Record<string, string> },
) {
  await db.transaction(async (tx) => {
    await tx
      .update(hosts)
      .set({
        status: "online",
        lastSeenAt: new Date(),
        agentVersion: facts.agentVersion,
        // The agent's configured labels, under the admin's (admin wins).
        agentLabels: sql`${hosts.agentLabels} || ${JSON.stringify(facts.labels)}::jsonb`,
        labels: sql`${hosts.agentLabels} || ${JSON.stringify(facts.labels)}::jsonb || ${hosts.adminLabels}`,
      })
      .where(eq(hosts.id, hostId));
    await tx.insert(hostEvents).values({ hostId, kind: "connected" });
  });
}

export async function markDisconnected(db: Db, hostId: string, kind: "disconnected" | "offline") {
  await db.transaction(async (tx) => {
    await tx.update(hosts).set({ status: "offline" }).where(eq(hosts.id, hostId));
    await tx.insert(hostEvents).values({ hostId, kind });
  });
}

export async function touchHost(db: Db, hostId: string) {
  await db.update(hosts).set({ lastSeenAt: new Date() }).where(eq(hosts.id, hostId));
}

/** Hosts marked online whose last sign of life is older than `graceMs` go offline. */
export async function sweepOffline(db: Db, graceMs: number): Promise<string[]> {
  const cutoff = new Date(Date.now() - graceMs);
  const rows = await db
    .update(hosts)
    .set({ status: "offline" })
    .where(and(eq(hosts.status, "online"), lt(hosts.lastSeenAt, cutoff)))
    .returning({ id: hosts.id });
  if (rows.length > 0) {
    await db.insert(hostEvents).values(rows.map((r) => ({ hostId: r.id, kind: "offline" as const })));
  }
  return rows.map((r) => r.id);
}

/** Id of the latest timeline event of the hosts in `scope` (optionally one host). */
export async function latestHostEvent(db: Db, scope: HostScope, hostId?: string): Promise<number> {
  const conds: SQL[] = [scopeCondition(scope)];
  if (hostId) conds.push(eq(hostEvents.hostId, hostId));
  const [row] = await db
    .select({ latest: sql<string>`coalesce(max(${hostEvents.id}), 0)::bigint` })
    .from(hostEvents)
    .innerJoin(hosts, eq(hosts.id, hostEvents.hostId))
    .where(and(...conds));
  return Number(row?.latest ?? 0);
}
