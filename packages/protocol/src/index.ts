// @switchyard/protocol: the agent <-> server protocol v1 and the host snapshot model v1.
// Schemas only (zod); no I/O.
export { type Available, available, availableSchema, unavailable, valueOr } from "./available.ts";
export { AgentCloseCode, agentCloseReason } from "./close-codes.ts";
export * from "./common.ts";
export { ProtocolErrorCode } from "./errors.ts";
export * from "./messages/agent-to-server.ts";
export * from "./messages/enrollment.ts";
export * from "./messages/server-to-agent.ts";
export * from "./messages/step-log.ts";
export * from "./operations.ts";
export {
  MAX_JSON_DEPTH,
  type ParseErrorCode,
  type ParseOptions,
  type ParseResult,
  parseAgentMessage,
  parseServerMessage,
  type RawFrame,
} from "./parse.ts";
export * from "./snapshot/bridges.ts";
export * from "./snapshot/docker.ts";
export * from "./snapshot/host.ts";
export * from "./snapshot/host-snapshot.ts";
export * from "./snapshot/iptables.ts";
export * from "./snapshot/links.ts";
export * from "./snapshot/namespaces.ts";
export * from "./snapshot/posture.ts";
export { MAX_FRAME_BYTES, PROTOCOL_VERSION } from "./version.ts";
