export { createEnrollmentToken } from "./agents/enrollment-tokens.ts";
export { requestMeta } from "./api/handler.ts";
export * from "./audit/index.ts";
export type { Auth } from "./auth/auth.ts";
export { ensureFirstAdmin } from "./auth/first-admin.ts";
export { resolvePrincipal } from "./auth/resolve-principal.ts";
export type { Action } from "./authz/actions.ts";
export { authorize, holdsAction, loadPermissions, scopeOf } from "./authz/authorize.ts";
export { parseSelector, SelectorError } from "./authz/label-selector.ts";
export type { Principal } from "./authz/principal.ts";
export { createServerDeps, type ServerConfig, type ServerDeps } from "./deps.ts";
export { AppError } from "./errors/app-error.ts";
export { latestHostEvent } from "./fleet/ingest.ts";
export { type HostSummary, listHosts } from "./fleet/list-hosts.ts";
export {
  AGENT_PATH,
  type AgentGateway,
  createAgentGateway,
  GATEWAY_AUDIT_ACTIONS,
  MAX_AGENT_FRAME_BYTES,
} from "./gateway/agent-gateway.ts";
export { connectedHosts, disconnectAgent, registerGateway } from "./gateway/registry.ts";
export { checkHealth, type Health } from "./health/check-health.ts";
