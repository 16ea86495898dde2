// Authorization, in one place. Every tRPC procedure reaches here through the procedure
// factory (api/trpc.ts) before its handler runs; a denial is audited, then thrown.
import { type Executor, hosts, type Role, rolePermissions } from "@switchyard/db";
import { inArray, or, type SQL, sql } from "drizzle-orm";
import { recordAudit } from "../audit/record.ts";
import { auditActor } from "../audit-context.ts";
import { AppError } from "../errors/app-error.ts";
import { type Action, actionScopes } from "./actions.ts";
import { type LabelSelector, matchesSelector, unreachable } from "./label-selector.ts";
import type { EffectiveGrant, Principal, RequestMeta } from "./principal.ts";

export type PermissionMap = ReadonlyMap<Role, ReadonlySet<string>>;

/** Reads the role → actions table. Small; read per request so changes apply at once. */
export async function loadPermissions(db: Executor): Promise<PermissionMap> {
  const rows = await db.select().from(rolePermissions);
  const map = new Map<Role, Set<string>>();
  for (const r of rows) {
    const set = map.get(r.role) ?? new Set<string>();
    set.add(r.action);
    map.set(r.role, set);
  }
  return map;
}

/** The caller's grants whose role holds `action`. */
export function grantsHolding(grants: readonly EffectiveGrant[], action: Action, perms: PermissionMap) {
  return grants.filter((g) => perms.get(g.role)?.has(action) ?? false);
}

/** Hosts the caller may touch with `action`: every host, some selectors, or none. */
export type HostScope = { all: true } | { all: false; selectors: LabelSelector[] };

export function scopeOf(grants: readonly EffectiveGrant[], action: Action, perms: PermissionMap): HostScope {
  const holding = grantsHolding(grants, action, perms);
  if (holding.some((g) => g.selector === null)) return { all: true };
  return { all: false, selectors: holding.flatMap((g) => (g.selector ? [g.selector] : [])) };
}

export function scopeAllows(scope: HostScope, labels: Record<string, string>): boolean {
  return scope.all || scope.selectors.some((s) => matchesSelector(s, labels));
}

/** A SQL condition over hosts.labels equal to `scopeAllows` (used to filter lists). */
export function scopeCondition(scope: HostScope): SQL {
  if (scope.all) return sql`true`;
  if (scope.selectors.length === 0) return sql`false`;
  const parts = scope.selectors.map(selectorCondition);
  return or(...parts) ?? sql`false`;
}

/** A SQL condition over hosts.labels equal to `matchesSelector`. */
export function selectorCondition(selector: LabelSelector): SQL {
  const labels = hosts.labels;
  const parts = selector.map((r): SQL => {
    switch (r.op) {
      case "eq":
        return sql`(${labels} ->> ${r.key}) = ${r.value}`;
      case "neq":
        return sql`coalesce((${labels} ->> ${r.key}) <> ${r.value}, true)`;
      case "in":
        return sql`(${labels} ->> ${r.key}) in (${sql.join(
          r.values.map((v) => sql`${v}`),
          sql`, `,
        )})`;
      case "notin":
        return sql`coalesce((${labels} ->> ${r.key}) not in (${sql.join(
          r.values.map((v) => sql`${v}`),
          sql`, `,
        )}), true)`;
      case "exists":
        return sql`jsonb_exists(${labels}, ${r.key})`;
      case "absent":
        return sql`not jsonb_exists(${labels}, ${r.key})`;
      default:
        return unreachable(r);
    }
  });
  return sql`(${sql.join(parts, sql` and `)})`;
}

/** Whether the caller holds `action` in a way that needs no host (pages use it to show links). */
export function holdsAction(
  grants: readonly EffectiveGrant[],
  action: Action,
  perms: PermissionMap,
): boolean {
  const holding = grantsHolding(grants, action, perms);
  return actionScopes[action] === "global" ? holding.some((g) => g.selector === null) : holding.length > 0;
}

export interface AuthzContext {
  db: Executor;
  principal: Principal;
  meta: RequestMeta;
}

/**
 * Throws FORBIDDEN (after recording an `authz.deny` audit event) unless the caller may
 * perform `action` — on every one of `hostIds` for host actions. Unknown host ids are
 * denied like out-of-scope ones, so ids cannot be probed.
 */
export async function authorize(ctx: AuthzContext, action: Action, hostIds: readonly string[] = []) {
  const perms = await loadPermissions(ctx.db);
  const kind = actionScopes[action];
  const holding = grantsHolding(ctx.principal.grants, action, perms);
  let allowed: boolean;
  if (ctx.principal.kind === "token" && NOT_FOR_TOKENS.has(action)) {
    allowed = false;
  } else if (kind === "global") {
    allowed = holding.some((g) => g.selector === null);
  } else if (kind === "self" || hostIds.length === 0) {
    allowed = holding.length > 0;
  } else {
    const scope = scopeOf(ctx.principal.grants, action, perms);
    const unique = [...new Set(hostIds)];
    const rows = uuidsOnly(unique).length
      ? await ctx.db
          .select({ id: hosts.id, labels: hosts.labels })
          .from(hosts)
          .where(inArray(hosts.id, uuidsOnly(unique)))
      : [];
    allowed = rows.length === unique.length && rows.every((h) => scopeAllows(scope, h.labels));
  }
  if (allowed) return;
  await recordAudit(ctx.db, {
    ...auditActor(ctx.principal, ctx.meta),
    action: "authz.deny",
    decision: "deny",
    outcome: "denied",
    targetHosts: [...hostIds],
    params: { action },
  });
  throw new AppError("FORBIDDEN", `not allowed: ${action}`);
}

/** A token cannot mint or revoke tokens: a leaked one must not be able to entrench itself. */
const NOT_FOR_TOKENS: ReadonlySet<Action> = new Set(["tokens.manage", "tokens.manage_all"]);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
function uuidsOnly(ids: readonly string[]): string[] {
  return ids.filter((id) => UUID.test(id));
}
