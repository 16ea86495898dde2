// Loading a subject's grants, and deciding whether one grant is within another
// (API tokens may carry only a subset of their owner's grants).
import { type Executor, grants, tokenGrants } from "@switchyard/db";
import { eq } from "drizzle-orm";
import type { PermissionMap } from "../authz/authorize.ts";
import { formatSelector, parseSelector } from "../authz/label-selector.ts";
import type { EffectiveGrant } from "../authz/principal.ts";

function toEffective(row: { role: EffectiveGrant["role"]; selector: string | null }): EffectiveGrant | null {
  if (row.selector === null) return { role: row.role, selector: null, selectorText: null };
  try {
    const selector = parseSelector(row.selector);
    return { role: row.role, selector, selectorText: formatSelector(selector) };
  } catch {
    // A stored selector that no longer parses grants nothing (deny by default).
    return null;
  }
}

export async function loadUserGrants(db: Executor, userId: string): Promise<EffectiveGrant[]> {
  const rows = await db
    .select({ role: grants.role, selector: grants.selector })
    .from(grants)
    .where(eq(grants.userId, userId));
  return rows.flatMap((r) => toEffective(r) ?? []);
}

export async function loadTokenGrants(db: Executor, tokenId: string): Promise<EffectiveGrant[]> {
  const rows = await db
    .select({ role: tokenGrants.role, selector: tokenGrants.selector })
    .from(tokenGrants)
    .where(eq(tokenGrants.tokenId, tokenId));
  return rows.flatMap((r) => toEffective(r) ?? []);
}

/**
 * True when `inner` allows nothing that `outer` does not: its role's actions are a subset
 * of outer's, and its selector keeps every requirement of outer's (requirements are ANDed,
 * so adding some only narrows).
 */
export function grantWithin(inner: EffectiveGrant, outer: EffectiveGrant, perms: PermissionMap): boolean {
  const innerActions = perms.get(inner.role) ?? new Set<string>();
  const outerActions = perms.get(outer.role) ?? new Set<string>();
  for (const a of innerActions) if (!outerActions.has(a)) return false;
  if (outer.selector === null) return true;
  if (inner.selector === null) return false;
  const innerReqs = new Set(inner.selector.map((r) => formatSelector([r])));
  return outer.selector.every((r) => innerReqs.has(formatSelector([r])));
}

export function grantWithinAny(
  inner: EffectiveGrant,
  outers: readonly EffectiveGrant[],
  perms: PermissionMap,
): boolean {
  return outers.some((o) => grantWithin(inner, o, perms));
}
