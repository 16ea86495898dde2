// API tokens: created by a user for themselves (an admin for anyone) with a subset of the
// owner's grants and an expiry; the secret is returned once and stored hashed by
// better-auth; revocation disables the key at once.
import { apikey, type Db, tokenGrants, user } from "@switchyard/db";
import { and, desc, eq, inArray, lt } from "drizzle-orm";
import { withAudit } from "../audit/record.ts";
import type { Auth } from "../auth/auth.ts";
import { TOKEN_PREFIX } from "../auth/auth.ts";
import { grantWithinAny, loadUserGrants } from "../auth/grants.ts";
import { loadPermissions } from "../authz/authorize.ts";
import { formatSelector, parseSelector } from "../authz/label-selector.ts";
import type { EffectiveGrant } from "../authz/principal.ts";
import { AppError } from "../errors/app-error.ts";
import type { AuditActorFields } from "../users/create-user.ts";
import type { GrantInput } from "../users/schemas.ts";

export const MAX_TOKEN_DAYS = 366;

export interface CreatedToken {
  id: string;
  /** The secret; shown once, never stored in clear. */
  token: string;
  expiresAt: Date | null;
}

function toEffective(g: GrantInput): EffectiveGrant {
  if (g.selector === null) return { role: g.role, selector: null, selectorText: null };
  const selector = parseSelector(g.selector);
  return { role: g.role, selector, selectorText: formatSelector(selector) };
}

export async function createToken(
  deps: { db: Db; auth: Auth },
  input: { ownerId: string; name: string; grants: GrantInput[]; expiresInDays: number | null },
  actor: AuditActorFields,
): Promise<CreatedToken> {
  const [owner] = await deps.db
    .select({ id: user.id, banned: user.banned })
    .from(user)
    .where(eq(user.id, input.ownerId));
  if (!owner || owner.banned) throw new AppError("NOT_FOUND", "no such user", "userId");
  if (input.grants.length === 0)
    throw new AppError("INVALID_INPUT", "a token needs at least one grant", "grants");
  const [ownerGrants, perms] = await Promise.all([
    loadUserGrants(deps.db, input.ownerId),
    loadPermissions(deps.db),
  ]);
  input.grants.forEach((g, i) => {
    if (!grantWithinAny(toEffective(g), ownerGrants, perms)) {
      throw new AppError(
        "INVALID_INPUT",
        `grant ${g.role}${g.selector ? ` (${g.selector})` : ""} is not within the owner's grants`,
        `grants.${i}`,
      );
    }
  });

  const created = await deps.auth.api.createApiKey({
    body: {
      userId: input.ownerId,
      name: input.name,
      prefix: TOKEN_PREFIX,
      expiresIn: input.expiresInDays === null ? null : Math.round(input.expiresInDays * 86400),
    },
  });
  try {
    await withAudit(
      deps.db,
      {
        ...actor,
        action: "tokens.create",
        targetObjects: [`token:${created.id}`, `user:${input.ownerId}`],
        params: { name: input.name, grants: input.grants, expiresInDays: input.expiresInDays },
      },
      async (tx) => {
        await tx
          .insert(tokenGrants)
          .values(input.grants.map((g) => ({ tokenId: created.id, role: g.role, selector: g.selector })));
      },
    );
  } catch (err) {
    // No audit record, no token: remove the key better-auth just stored.
    await deps.db.delete(apikey).where(eq(apikey.id, created.id));
    throw err;
  }
  return {
    id: created.id,
    token: created.key,
    expiresAt: created.expiresAt ? new Date(created.expiresAt) : null,
  };
}

export interface TokenSummary {
  id: string;
  name: string | null;
  start: string | null;
  ownerId: string;
  ownerName: string | null;
  createdAt: Date;
  expiresAt: Date | null;
  revoked: boolean;
  grants: GrantInput[];
}

export async function listTokens(
  db: Db,
  filter: { ownerId?: string },
  page: { cursor?: string | null; limit: number },
): Promise<{ items: TokenSummary[]; nextCursor: string | null }> {
  const conds = [];
  if (filter.ownerId) conds.push(eq(apikey.referenceId, filter.ownerId));
  if (page.cursor) conds.push(lt(apikey.createdAt, new Date(page.cursor)));
  const rows = await db
    .select({
      id: apikey.id,
      name: apikey.name,
      start: apikey.start,
      ownerId: apikey.referenceId,
      ownerName: user.username,
      createdAt: apikey.createdAt,
      expiresAt: apikey.expiresAt,
      enabled: apikey.enabled,
    })
    .from(apikey)
    .leftJoin(user, eq(user.id, apikey.referenceId))
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(desc(apikey.createdAt))
    .limit(page.limit + 1);
  const pageRows = rows.slice(0, page.limit);
  const ids = pageRows.map((r) => r.id);
  const g = ids.length
    ? await db
        .select({ tokenId: tokenGrants.tokenId, role: tokenGrants.role, selector: tokenGrants.selector })
        .from(tokenGrants)
        .where(inArray(tokenGrants.tokenId, ids))
    : [];
  const items = pageRows.map((r) => ({
    id: r.id,
    name: r.name,
    start: r.start,
    ownerId: r.ownerId,
    ownerName: r.ownerName,
    createdAt: r.createdAt,
    expiresAt: r.expiresAt,
    revoked: r.enabled === false,
    grants: g.filter((x) => x.tokenId === r.id).map((x) => ({ role: x.role, selector: x.selector })),
  }));
  const last = pageRows.at(-1);
  return { items, nextCursor: rows.length > page.limit && last ? last.createdAt.toISOString() : null };
}

/** Revokes a token; `ownerId` limits it to the caller's own tokens. */
export async function revokeToken(db: Db, tokenId: string, ownerId: string | null, actor: AuditActorFields) {
  const [row] = await db
    .select({ id: apikey.id, ownerId: apikey.referenceId })
    .from(apikey)
    .where(eq(apikey.id, tokenId));
  if (!row || (ownerId !== null && row.ownerId !== ownerId))
    throw new AppError("NOT_FOUND", "no such token", "tokenId");
  await withAudit(
    db,
    { ...actor, action: "tokens.revoke", targetObjects: [`token:${tokenId}`, `user:${row.ownerId}`] },
    async (tx) => {
      await tx.update(apikey).set({ enabled: false, updatedAt: new Date() }).where(eq(apikey.id, tokenId));
    },
  );
}
