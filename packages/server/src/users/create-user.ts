import { randomUUID } from "node:crypto";
import { account, type Db, grants, user } from "@switchyard/db";
import { eq } from "drizzle-orm";
import { withAudit } from "../audit/record.ts";
import type { Auth } from "../auth/auth.ts";
import { AppError } from "../errors/app-error.ts";
import type { GrantInput } from "./schemas.ts";

/** Actor fields of the audit record for a user-management action. */
export interface AuditActorFields {
  actorType: "user" | "token" | "system";
  actorId: string | null;
  actorName: string | null;
  role: string | null;
  sourceIp?: string | null;
  userAgent?: string | null;
  requestId?: string | null;
}

/**
 * Writes the user, its password credential and its grants in one transaction with the
 * audit record. The password hash comes from better-auth, so it signs in through it.
 */
export async function createUserRecord(
  deps: { db: Db; auth: Auth },
  input: { username: string; password: string; grants: GrantInput[]; actor: AuditActorFields },
): Promise<{ id: string }> {
  const id = randomUUID();
  const ctx = await deps.auth.$context;
  const hash = await ctx.password.hash(input.password);
  const [existing] = await deps.db
    .select({ id: user.id })
    .from(user)
    .where(eq(user.username, input.username));
  if (existing) throw new AppError("CONFLICT", `user "${input.username}" already exists`, "username");
  await withAudit(
    deps.db,
    {
      ...input.actor,
      action: "users.create",
      targetObjects: [`user:${id}`],
      params: { username: input.username, grants: input.grants },
    },
    async (tx) => {
      const now = new Date();
      await tx.insert(user).values({
        id,
        name: input.username,
        username: input.username,
        displayUsername: input.username,
        // better-auth requires an e-mail; sign-in is by username only.
        email: `${input.username}@users.switchyard.invalid`,
        emailVerified: false,
        createdAt: now,
        updatedAt: now,
      });
      await tx.insert(account).values({
        id: randomUUID(),
        accountId: id,
        providerId: "credential",
        userId: id,
        password: hash,
        createdAt: now,
        updatedAt: now,
      });
      if (input.grants.length > 0) {
        await tx.insert(grants).values(
          input.grants.map((g) => ({
            userId: id,
            role: g.role,
            selector: g.selector,
            createdBy: input.actor.actorId,
          })),
        );
      }
    },
  );
  return { id };
}
