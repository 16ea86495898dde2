// WebSocket close codes of the agent channel (/agent). 4000–4999 is the range RFC 6455
// leaves to applications; each code has one meaning, documented here and nowhere else.
export const AgentCloseCode = {
  /** The socket carried no valid agent credential (missing, unknown, expired or revoked). */
  Unauthenticated: 4401,
  /** The agent was revoked while connected. */
  Revoked: 4403,
  /** Another socket for the same host replaced this one. */
  Replaced: 4409,
  /** A frame was larger than the gateway's limit. */
  FrameTooLarge: 4413,
  /** A frame was not valid JSON or did not match the protocol schema. */
  ProtocolError: 4400,
  /** The server is shutting down; reconnect with backoff. */
  GoingAway: 1001,
} as const;

export type AgentCloseCode = (typeof AgentCloseCode)[keyof typeof AgentCloseCode];

/** Human-readable reasons sent with each close code (at most 123 bytes by RFC 6455). */
export const agentCloseReason: Record<AgentCloseCode, string> = {
  [AgentCloseCode.Unauthenticated]: "unauthenticated: an agent credential is required",
  [AgentCloseCode.Revoked]: "agent revoked",
  [AgentCloseCode.Replaced]: "replaced by a newer connection for this host",
  [AgentCloseCode.FrameTooLarge]: "frame too large",
  [AgentCloseCode.ProtocolError]: "protocol error",
  [AgentCloseCode.GoingAway]: "server shutting down",
};
