// Agents as admins see them: list, revoke. Revocation takes effect at once: the
// credential stops authenticating and the live socket (if any) is closed.
import { agents, type Db, hosts } from "@switchyard/db";
import { and, desc, eq, isNull, lt } from "drizzle-orm";
import { withAudit } from "../audit/record.ts";
import { AppError } from "../errors/app-error.ts";
import type { AuditActorFields } from "../users/create-user.ts";

export async function listAgents(db: Db, page: { cursor?: string | null; limit: number }) {
  const rows = await db
    .select({
      id: agents.id,
      hostId: agents.hostId,
      hostName: hosts.name,
      hostStatus: hosts.status,
      agentVersion: agents.agentVersion,
      createdAt: agents.createdAt,
      lastConnectedAt: agents.lastConnectedAt,
      revokedAt: agents.revokedAt,
    })
    .from(agents)
    .innerJoin(hosts, eq(hosts.id, agents.hostId))
    .where(page.cursor ? lt(agents.createdAt, new Date(page.cursor)) : undefined)
    .orderBy(desc(agents.createdAt))
    .limit(page.limit + 1);
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > page.limit && last ? last.createdAt.toISOString() : null };
}

export async function hostOfAgent(db: Db, agentId: string): Promise<string | null> {
  const [row] = await db.select({ hostId: agents.hostId }).from(agents).where(eq(agents.id, agentId));
  return row?.hostId ?? null;
}

/** Marks the agent revoked; `disconnect` closes its live socket afterwards. */
export async function revokeAgent(
  db: Db,
  agentId: string,
  actor: AuditActorFields,
  disconnect: (agentId: string) => void,
): Promise<void> {
  const hostId = await hostOfAgent(db, agentId);
  if (!hostId) throw new AppError("NOT_FOUND", "no such agent", "agentId");
  await withAudit(
    db,
    { ...actor, action: "agents.revoke", targetHosts: [hostId], targetObjects: [`agent:${agentId}`] },
    async (tx) => {
      await tx
        .update(agents)
        .set({ revokedAt: new Date() })
        .where(and(eq(agents.id, agentId), isNull(agents.revokedAt)));
    },
  );
  disconnect(agentId);
}
