export { AgentCloseCode, agentCloseReason } from "./close-codes.ts";
