// The signed-in caller for server components, through the same resolver as the API.
import {
  type Action,
  authorize,
  holdsAction,
  loadPermissions,
  type Principal,
  requestMeta,
  resolvePrincipal,
} from "@switchyard/server";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getServerDeps } from "./deps.ts";

export const currentPrincipal = cache(async (): Promise<Principal | null> => {
  const deps = await getServerDeps();
  return resolvePrincipal(deps, new Headers(await headers()));
});

/** The caller, or a redirect to the sign-in page. */
export async function requirePrincipal(next = "/"): Promise<Principal> {
  const p = await currentPrincipal();
  if (!p) redirect(`/sign-in?next=${encodeURIComponent(next)}`);
  return p;
}

/** Which of `actions` the caller holds (for showing links; the API checks again). */
export async function heldActions(principal: Principal, actions: Action[]): Promise<Set<Action>> {
  const deps = await getServerDeps();
  const perms = await loadPermissions(deps.db);
  return new Set(actions.filter((a) => holdsAction(principal.grants, a, perms)));
}

/** For pages guarded by a global action: true when allowed; a denial is audited. */
export async function pageAllowed(principal: Principal, action: Action): Promise<boolean> {
  const deps = await getServerDeps();
  try {
    await authorize({ db: deps.db, principal, meta: requestMeta(new Headers(await headers())) }, action);
    return true;
  } catch {
    return false;
  }
}
