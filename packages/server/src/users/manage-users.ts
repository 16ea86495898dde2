// Admin actions on users: list, create, disable/enable, replace grants, set password.
// Each change revokes the user's sessions at once and is audited in the same transaction.
import { account, type Db, grants, session, type Tx, user } from "@switchyard/db";
import { and, asc, eq, gt, inArray } from "drizzle-orm";
import { withAudit } from "../audit/record.ts";
import type { Auth } from "../auth/auth.ts";
import { assertStrongPassword } from "../auth/password-strength.ts";
import { AppError } from "../errors/app-error.ts";
import { type AuditActorFields, createUserRecord } from "./create-user.ts";
import type { GrantInput } from "./schemas.ts";

export interface UserSummary {
  id: string;
  username: string;
  disabled: boolean;
  createdAt: Date;
  grants: { role: GrantInput["role"]; selector: string | null }[];
}

export async function listUsers(db: Db, page: { cursor?: string | null; limit: number }) {
  const rows = await db
    .select({
      id: user.id,
      username: user.username,
      name: user.name,
      banned: user.banned,
      createdAt: user.createdAt,
    })
    .from(user)
    .where(page.cursor ? gt(user.username, page.cursor) : undefined)
    .orderBy(asc(user.username))
    .limit(page.limit + 1);
  const pageRows = rows.slice(0, page.limit);
  const ids = pageRows.map((r) => r.id);
  const grantRows = ids.length
    ? await db
        .select({ userId: grants.userId, role: grants.role, selector: grants.selector })
        .from(grants)
        .where(inArray(grants.userId, ids))
        .orderBy(asc(grants.createdAt))
    : [];
  const items: UserSummary[] = pageRows.map((r) => ({
    id: r.id,
    username: r.username ?? r.name,
    disabled: r.banned === true,
    createdAt: r.createdAt,
    grants: grantRows.filter((g) => g.userId === r.id).map((g) => ({ role: g.role, selector: g.selector })),
  }));
  const last = pageRows.at(-1);
  return { items, nextCursor: rows.length > page.limit && last ? (last.username ?? last.name) : null };
}

export async function createUser(
  deps: { db: Db; auth: Auth },
  input: { username: string; password: string; grants: GrantInput[] },
  actor: AuditActorFields,
) {
  assertStrongPassword(input.password, [input.username]);
  return createUserRecord(deps, { ...input, actor });
}

async function requireUser(db: Db | Tx, userId: string) {
  const [row] = await db
    .select({ id: user.id, username: user.username })
    .from(user)
    .where(eq(user.id, userId));
  if (!row) throw new AppError("NOT_FOUND", "no such user", "userId");
  return row;
}

async function revokeSessions(tx: Tx, userId: string) {
  await tx.delete(session).where(eq(session.userId, userId));
}

export async function setUserDisabled(db: Db, userId: string, disabled: boolean, actor: AuditActorFields) {
  await requireUser(db, userId);
  if (disabled && actor.actorId === userId) {
    throw new AppError("INVALID_INPUT", "you cannot disable yourself", "userId");
  }
  await withAudit(
    db,
    { ...actor, action: disabled ? "users.disable" : "users.enable", targetObjects: [`user:${userId}`] },
    async (tx) => {
      await tx.update(user).set({ banned: disabled, updatedAt: new Date() }).where(eq(user.id, userId));
      if (disabled) await revokeSessions(tx, userId);
    },
  );
}

export async function setUserGrants(db: Db, userId: string, next: GrantInput[], actor: AuditActorFields) {
  await requireUser(db, userId);
  const before = await db
    .select({ role: grants.role, selector: grants.selector })
    .from(grants)
    .where(eq(grants.userId, userId));
  await withAudit(
    db,
    { ...actor, action: "grants.update", targetObjects: [`user:${userId}`], params: { before, after: next } },
    async (tx) => {
      await tx.delete(grants).where(eq(grants.userId, userId));
      if (next.length > 0) {
        await tx
          .insert(grants)
          .values(
            next.map((g) => ({ userId, role: g.role, selector: g.selector, createdBy: actor.actorId })),
          );
      }
      await revokeSessions(tx, userId);
    },
  );
}

export async function setUserPassword(
  deps: { db: Db; auth: Auth },
  userId: string,
  password: string,
  actor: AuditActorFields,
) {
  const target = await requireUser(deps.db, userId);
  assertStrongPassword(password, [target.username ?? ""]);
  const hash = await (await deps.auth.$context).password.hash(password);
  await withAudit(
    deps.db,
    { ...actor, action: "users.set_password", targetObjects: [`user:${userId}`] },
    async (tx) => {
      await tx
        .update(account)
        .set({ password: hash, updatedAt: new Date() })
        .where(and(eq(account.userId, userId), eq(account.providerId, "credential")));
      await revokeSessions(tx, userId);
    },
  );
}
