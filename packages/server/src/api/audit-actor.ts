import { auditActor } from "../audit-context.ts";
import type { Principal, RequestMeta } from "../authz/principal.ts";

/** Audit actor fields for the calling principal of a procedure. */
export function actorOf(ctx: { principal: Principal; meta: RequestMeta }) {
  return auditActor(ctx.principal, ctx.meta);
}
