export { type HostSummary, listHosts } from "./fleet/list-hosts.ts";
export {
  AGENT_PATH,
  type AgentAuthenticator,
  type AgentGateway,
  createAgentGateway,
  MAX_AGENT_FRAME_BYTES,
} from "./gateway/agent-gateway.ts";
export { checkHealth, type Health } from "./health/check-health.ts";
