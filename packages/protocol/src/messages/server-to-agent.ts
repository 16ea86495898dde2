// Messages the server sends to an agent on its WebSocket.
import { z } from "zod";
import { HostId, Timestamp } from "../common.ts";
import { ProtocolErrorCode } from "../errors.ts";
import { CommandMessage } from "../operations.ts";

/** The answer to `hello`: the agent is accepted, and these are the rules of the connection. */
export const WelcomeMessage = z.object({
  /** Discriminator. */
  type: z.literal("welcome"),
  /** Protocol version the server will speak on this connection. */
  protocolVersion: z.int().positive(),
  /** The host this agent's credential is bound to. */
  hostId: HostId,
  /** How often the agent re-collects when nothing triggered it (it still sends only on change). */
  reportIntervalMs: z.int().min(1000).max(3_600_000),
  /** How often each side sends `heartbeat`. */
  heartbeatIntervalMs: z.int().min(1000).max(300_000),
  /** Silence after which either side treats the link as dead (the server marks the host offline; the agent reconnects). */
  heartbeatGraceMs: z.int().min(1000).max(900_000),
  /** Largest frame the server accepts (MAX_FRAME_BYTES or less). */
  maxFrameBytes: z.int().positive(),
  /** The server's clock, for skew display and deadline sanity checks. */
  serverTime: Timestamp,
});

/** Liveness, every heartbeatIntervalMs. */
export const ServerHeartbeatMessage = z.object({
  /** Discriminator. */
  type: z.literal("heartbeat"),
  /** The server's clock when sent. */
  sentAt: Timestamp,
});

/** The server needs a full snapshot. */
export const SnapshotRequestMessage = z.object({
  /** Discriminator. */
  type: z.literal("snapshot_request"),
  /** Why: a delta's base is not the server's latest, a delta's result did not hash right, or the server lost its copy. */
  reason: z.enum(["base_mismatch", "hash_mismatch", "no_snapshot"]),
});

/** The server refuses something the agent sent. */
export const ServerErrorMessage = z.object({
  /** Discriminator. */
  type: z.literal("error"),
  /** What was wrong. */
  code: ProtocolErrorCode,
  /** One line of detail (bounded; never echoes the whole offending frame). */
  message: z.string().max(2048),
});

/** Every message the server may send, discriminated on `type` (and `command` on `operation`). */
export const ServerToAgent = z.discriminatedUnion("type", [
  WelcomeMessage,
  ServerHeartbeatMessage,
  CommandMessage,
  SnapshotRequestMessage,
  ServerErrorMessage,
]);
export type ServerToAgent = z.infer<typeof ServerToAgent>;

/** The `type` values of ServerToAgent. */
export const SERVER_MESSAGE_TYPES = [
  "welcome",
  "heartbeat",
  "command",
  "snapshot_request",
  "error",
] as const satisfies readonly ServerToAgent["type"][];
