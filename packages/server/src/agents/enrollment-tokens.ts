// Enrollment tokens, created by admins (agents.enroll): a TTL, a use count, labels for
// the hosts that enroll with it. The secret is returned once.
import { randomUUID } from "node:crypto";
import { type Db, enrollmentTokens } from "@switchyard/db";
import { and, desc, eq, isNull, lt } from "drizzle-orm";
import { withAudit } from "../audit/record.ts";
import { AppError } from "../errors/app-error.ts";
import type { AuditActorFields } from "../users/create-user.ts";
import { ENROLLMENT_TOKEN_PREFIX, newSecret, secretHash } from "./secrets.ts";

export interface NewEnrollmentToken {
  name: string;
  ttlSeconds: number;
  maxUses: number;
  labels: Record<string, string>;
}

export async function createEnrollmentToken(db: Db, input: NewEnrollmentToken, actor: AuditActorFields) {
  const token = newSecret(ENROLLMENT_TOKEN_PREFIX);
  // The id is chosen here so the audit record names the same target as a later revocation.
  const id = randomUUID();
  const expiresAt = new Date(Date.now() + input.ttlSeconds * 1000);
  const row = await withAudit(
    db,
    {
      ...actor,
      action: "agents.enrollment_token_create",
      targetObjects: [`enrollment-token:${id}`],
      params: {
        name: input.name,
        ttlSeconds: input.ttlSeconds,
        maxUses: input.maxUses,
        labels: input.labels,
      },
    },
    async (tx) => {
      const [r] = await tx
        .insert(enrollmentTokens)
        .values({
          id,
          tokenHash: secretHash(token),
          start: token.slice(0, 9),
          name: input.name,
          labels: input.labels,
          createdBy: actor.actorId,
          expiresAt,
          maxUses: input.maxUses,
        })
        .returning({ id: enrollmentTokens.id });
      if (!r) throw new AppError("INTERNAL", "enrollment token insert returned nothing");
      return r;
    },
  );
  return { id: row.id, token, expiresAt };
}

export async function listEnrollmentTokens(db: Db, page: { cursor?: string | null; limit: number }) {
  const rows = await db
    .select({
      id: enrollmentTokens.id,
      name: enrollmentTokens.name,
      start: enrollmentTokens.start,
      labels: enrollmentTokens.labels,
      createdAt: enrollmentTokens.createdAt,
      expiresAt: enrollmentTokens.expiresAt,
      maxUses: enrollmentTokens.maxUses,
      uses: enrollmentTokens.uses,
      revokedAt: enrollmentTokens.revokedAt,
    })
    .from(enrollmentTokens)
    .where(page.cursor ? lt(enrollmentTokens.createdAt, new Date(page.cursor)) : undefined)
    .orderBy(desc(enrollmentTokens.createdAt))
    .limit(page.limit + 1);
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > page.limit && last ? last.createdAt.toISOString() : null };
}

export async function revokeEnrollmentToken(db: Db, id: string, actor: AuditActorFields) {
  const [row] = await db
    .select({ id: enrollmentTokens.id })
    .from(enrollmentTokens)
    .where(eq(enrollmentTokens.id, id));
  if (!row) throw new AppError("NOT_FOUND", "no such enrollment token", "id");
  await withAudit(
    db,
    { ...actor, action: "agents.enrollment_token_revoke", targetObjects: [`enrollment-token:${id}`] },
    async (tx) => {
      await tx
        .update(enrollmentTokens)
        .set({ revokedAt: new Date() })
        .where(and(eq(enrollmentTokens.id, id), isNull(enrollmentTokens.revokedAt)));
    },
  );
}
