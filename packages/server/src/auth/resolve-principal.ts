// Who is calling: a browser session (cookie) or an API token (Authorization: Bearer).
// Every failure — no credential, unknown, expired, revoked, disabled user — is the same
// `null`, which callers turn into one UNAUTHENTICATED answer.
import { type Db, session as sessionTable, user } from "@switchyard/db";
import { eq } from "drizzle-orm";
import { loadPermissions } from "../authz/authorize.ts";
import type { Principal } from "../authz/principal.ts";
import type { Auth } from "./auth.ts";
import { grantWithinAny, loadTokenGrants, loadUserGrants } from "./grants.ts";

export interface SessionPolicy {
  /** A session older than this ends, used or not. */
  absoluteTimeoutSeconds: number;
}

export function bearerToken(headers: Headers): string | null | undefined {
  const value = headers.get("authorization");
  if (value === null) return undefined;
  const m = /^Bearer\s+(\S{1,512})$/i.exec(value.trim());
  return m?.[1] ?? null;
}

export async function resolvePrincipal(
  deps: { db: Db; auth: Auth; sessionPolicy: SessionPolicy },
  headers: Headers,
  now = new Date(),
): Promise<Principal | null> {
  const bearer = bearerToken(headers);
  if (bearer !== undefined) {
    // An Authorization header that is present decides alone; no fallback to the cookie.
    return bearer === null ? null : resolveToken(deps, bearer);
  }
  let found: Awaited<ReturnType<Auth["api"]["getSession"]>>;
  try {
    found = await deps.auth.api.getSession({ headers, query: { disableCookieCache: true } });
  } catch {
    return null;
  }
  if (!found) return null;
  if (found.user.banned) return null;
  const age = now.getTime() - new Date(found.session.createdAt).getTime();
  if (age > deps.sessionPolicy.absoluteTimeoutSeconds * 1000) {
    await deps.db.delete(sessionTable).where(eq(sessionTable.id, found.session.id));
    return null;
  }
  return {
    kind: "user",
    userId: found.user.id,
    username: found.user.username ?? found.user.name,
    sessionId: found.session.id,
    grants: await loadUserGrants(deps.db, found.user.id),
  };
}

async function resolveToken(deps: { db: Db; auth: Auth }, key: string): Promise<Principal | null> {
  let result: Awaited<ReturnType<Auth["api"]["verifyApiKey"]>>;
  try {
    result = await deps.auth.api.verifyApiKey({ body: { key } });
  } catch {
    return null;
  }
  if (!result.valid || !result.key) return null;
  const tokenId = result.key.id;
  const userId = result.key.referenceId;
  const [owner] = await deps.db
    .select({ id: user.id, username: user.username, name: user.name, banned: user.banned })
    .from(user)
    .where(eq(user.id, userId));
  if (!owner || owner.banned) return null;
  const [tokenGrants, userGrants, perms] = await Promise.all([
    loadTokenGrants(deps.db, tokenId),
    loadUserGrants(deps.db, userId),
    loadPermissions(deps.db),
  ]);
  // A token never outlives its owner's grants: only what the owner still holds counts.
  const effective = tokenGrants.filter((g) => grantWithinAny(g, userGrants, perms));
  return { kind: "token", userId, username: owner.username ?? owner.name, tokenId, grants: effective };
}
