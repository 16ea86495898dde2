// Maps who-is-calling onto the audit record's actor fields, in one place.
import type { Principal, RequestMeta } from "./authz/principal.ts";

export function auditActor(principal: Principal, meta: RequestMeta) {
  const roles = [...new Set(principal.grants.map((g) => g.role))].sort().join(",");
  return {
    actorType: principal.kind,
    actorId: principal.kind === "token" ? principal.tokenId : principal.userId,
    actorName: principal.username,
    role: roles,
    sourceIp: meta.sourceIp,
    userAgent: meta.userAgent,
    requestId: meta.requestId,
  };
}
