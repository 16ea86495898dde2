// The process's agent gateway, reachable from API handlers. Next.js loads route bundles
// separately from the custom server that owns the gateway, so the slot is on globalThis.
import type { AgentGateway } from "./agent-gateway.ts";

const slot = Symbol.for("switchyard.gateway");
type WithGateway = typeof globalThis & { [slot]?: AgentGateway };

export function registerGateway(gateway: AgentGateway | undefined): void {
  (globalThis as WithGateway)[slot] = gateway;
}

/** Closes the agent's live socket on this instance, if it has one. */
export function disconnectAgent(agentId: string): void {
  (globalThis as WithGateway)[slot]?.disconnectAgent(agentId);
}

export function connectedHosts(): string[] {
  return (globalThis as WithGateway)[slot]?.connectedHosts() ?? [];
}
