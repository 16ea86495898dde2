// Enrollment: an agent presents an enrollment token once and receives a per-agent
// credential bound to its host. The token is consumed atomically (one UPDATE that checks
// expiry, revocation and uses), so two agents racing for a single-use token cannot both win.
import { agents, type Db, enrollmentTokens, hosts } from "@switchyard/db";
import { type EnrollRequest, type EnrollResponse, PROTOCOL_VERSION } from "@switchyard/protocol";
import { and, eq, gt, isNull, lt, sql } from "drizzle-orm";
import { withAudit } from "../audit/record.ts";
import type { RequestMeta } from "../authz/principal.ts";
import { AGENT_CREDENTIAL_PREFIX, newSecret, secretHash } from "./secrets.ts";

class Refused extends Error {
  constructor() {
    super("enrollment token unknown, expired, revoked or used up");
  }
}

/** The credential and ids, or null when the token is unknown, expired, revoked or used up. */
export async function enrollAgent(
  db: Db,
  req: EnrollRequest,
  meta: RequestMeta,
): Promise<EnrollResponse | null> {
  const credential = newSecret(AGENT_CREDENTIAL_PREFIX);
  const base = {
    actorType: "agent" as const,
    actorId: null,
    actorName: req.hostName,
    role: null,
    sourceIp: meta.sourceIp,
    userAgent: meta.userAgent,
    requestId: meta.requestId,
    action: "agents.enroll",
    params: { hostName: req.hostName, agentVersion: req.agentVersion, labels: req.labels },
  };
  try {
    return await withAudit(db, { ...base, targetObjects: [`host:${req.hostName}`] }, async (tx) => {
      const [token] = await tx
        .update(enrollmentTokens)
        .set({ uses: sql`${enrollmentTokens.uses} + 1` })
        .where(
          and(
            eq(enrollmentTokens.tokenHash, secretHash(req.enrollmentToken)),
            isNull(enrollmentTokens.revokedAt),
            gt(enrollmentTokens.expiresAt, new Date()),
            lt(enrollmentTokens.uses, enrollmentTokens.maxUses),
          ),
        )
        .returning({ id: enrollmentTokens.id, labels: enrollmentTokens.labels });
      if (!token) throw new Refused();
      const agentLabels = { ...token.labels, ...req.labels };
      // Re-enrolling a known host name keeps the host (its history and admin labels).
      const [host] = await tx
        .insert(hosts)
        .values({ name: req.hostName, agentLabels, labels: agentLabels, agentVersion: req.agentVersion })
        .onConflictDoUpdate({
          target: hosts.name,
          set: {
            agentLabels,
            labels: sql`${JSON.stringify(agentLabels)}::jsonb || ${hosts.adminLabels}`,
            agentVersion: req.agentVersion,
          },
        })
        .returning({ id: hosts.id });
      if (!host) throw new Error("host upsert returned nothing");
      // One agent per host: an older credential for this host stops working.
      await tx
        .update(agents)
        .set({ revokedAt: new Date() })
        .where(and(eq(agents.hostId, host.id), isNull(agents.revokedAt)));
      const [agent] = await tx
        .insert(agents)
        .values({
          hostId: host.id,
          credentialHash: secretHash(credential),
          enrolledWith: token.id,
          agentVersion: req.agentVersion,
        })
        .returning({ id: agents.id });
      if (!agent) throw new Error("agent insert returned nothing");
      return { hostId: host.id, agentId: agent.id, credential, protocolVersion: PROTOCOL_VERSION };
    });
  } catch (err) {
    if (!(err instanceof Refused)) throw err;
    // withAudit recorded the failure; keep the reason out of the answer.
    return null;
  }
}

/** The agent and host a credential belongs to, or null (unknown or revoked). */
export async function authenticateAgent(
  db: Db,
  credential: string,
): Promise<{ agentId: string; hostId: string } | null> {
  if (!credential.startsWith(AGENT_CREDENTIAL_PREFIX) || credential.length > 200) return null;
  const [row] = await db
    .select({ agentId: agents.id, hostId: agents.hostId })
    .from(agents)
    .where(and(eq(agents.credentialHash, secretHash(credential)), isNull(agents.revokedAt)));
  return row ?? null;
}
