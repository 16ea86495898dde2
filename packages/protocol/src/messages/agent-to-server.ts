// Messages an agent sends on its WebSocket (after it authenticated with its credential).
// Order: `hello`, then a full `snapshot`, then heartbeats, deltas and command answers.
import { z } from "zod";
import { CommandId, Labels, Sha256Hex, Timestamp } from "../common.ts";
import { ProtocolErrorCode } from "../errors.ts";
import { HostSnapshot, SnapshotSections } from "../snapshot/host-snapshot.ts";
import { StepLog } from "./step-log.ts";

/** First message on every connection. */
export const HelloMessage = z.object({
  /** Discriminator. */
  type: z.literal("hello"),
  /** Protocol version the agent speaks (PROTOCOL_VERSION of its build). */
  protocolVersion: z.int().positive(),
  /** The agent's own version ("0.1.0"). */
  agentVersion: z.string().min(1).max(64),
  /** /proc/sys/kernel/random/boot_id: a new value means the host rebooted (kernel state was lost). */
  bootId: z.string().min(1).max(64),
  /** Host name the agent reports (its config's, or the kernel's). */
  hostName: z.string().min(1).max(253),
  /** Labels from the agent's config. */
  labels: Labels,
  /** Commands the agent started and has not answered (they were in flight when the link dropped). */
  inFlightCommandIds: z.array(CommandId).max(1024),
});

/** A full snapshot: sent after `hello`, and whenever the server asks or a delta would not be smaller. */
export const SnapshotMessage = z.object({
  /** Discriminator. */
  type: z.literal("snapshot"),
  /** snapshotHash(snapshot): SHA-256 of its canonical JSON without volatile fields. */
  hash: Sha256Hex,
  /** The whole document. */
  snapshot: HostSnapshot,
});

/**
 * A change against the snapshot the server holds: the listed top-level sections replace the
 * base's sections wholesale (no finer patching: simple to apply and to verify). The server
 * applies it only when `baseHash` is the hash of its latest snapshot of this host and the result
 * hashes to `hash`; otherwise it answers `snapshot_request` and the agent sends a full snapshot.
 */
export const SnapshotDeltaMessage = z.object({
  /** Discriminator. */
  type: z.literal("snapshot_delta"),
  /** Hash of the snapshot this delta applies to. */
  baseHash: Sha256Hex,
  /** Hash of the snapshot after applying it. */
  hash: Sha256Hex,
  /** The replaced sections (at least one). */
  sections: SnapshotSections,
});

/** Liveness, every heartbeatIntervalMs from `welcome`. */
export const AgentHeartbeatMessage = z.object({
  /** Discriminator. */
  type: z.literal("heartbeat"),
  /** The agent's clock when sent (lets the server show clock skew). */
  sentAt: Timestamp,
});

/** One step of a running command finished (streamed to the browser live). */
export const CommandProgressMessage = z.object({
  /** Discriminator. */
  type: z.literal("command_progress"),
  /** The command it belongs to. */
  commandId: CommandId,
  /** The step's log record. */
  step: StepLog,
});

/** How a command ended. */
export const CommandStatus = z.enum([
  /** It ran and its verification passed. */
  "succeeded",
  /** It failed and could not be fully undone (see `error`); the host needs attention. */
  "failed",
  /** It failed and every step done was undone in reverse: the host is as before. */
  "rolled_back",
  /** It was not started (deadline passed, stale plan, invalid params, unknown operation). */
  "refused",
]);
export type CommandStatus = z.infer<typeof CommandStatus>;

/** Why a command did not succeed. */
export const CommandErrorCode = z.enum([
  /** Received after its deadline. */
  "deadline_passed",
  /** The live re-plan differs from planHash (the host changed since planning, e.g. a container restarted). */
  "stale_plan",
  /** The params failed the agent's own validation. */
  "invalid_params",
  /** The agent does not implement this operation. */
  "unsupported_operation",
  /** A step exited non-zero or timed out. */
  "step_failed",
  /** All steps ran but the verification did not pass. */
  "verification_failed",
  /** An undo step failed too. */
  "rollback_failed",
  /** The agent itself failed. */
  "internal",
]);
export type CommandErrorCode = z.infer<typeof CommandErrorCode>;

/** The answer to a `command` (also the answer to a resent commandId, from the agent's journal). */
export const CommandResultMessage = z.object({
  /** Discriminator. */
  type: z.literal("command_result"),
  /** The command answered. */
  commandId: CommandId,
  /** How it ended. */
  status: CommandStatus,
  /** Every step run, undo steps included, in order. */
  steps: z.array(StepLog).max(256),
  /** snapshotHash of the host before the first step; null when refused before collecting. */
  beforeHash: Sha256Hex.nullable(),
  /** snapshotHash after the last step (or after rollback); null when nothing ran. */
  afterHash: Sha256Hex.nullable(),
  /** Why it did not succeed; null when it did. */
  error: z
    .object({
      /** Machine-readable reason. */
      code: CommandErrorCode,
      /** One line for the operator; never raw secrets. */
      message: z.string().max(2048),
    })
    .nullable(),
  /** When the agent finished it. */
  finishedAt: Timestamp,
});

/** The agent refuses something the server sent. */
export const AgentErrorMessage = z.object({
  /** Discriminator. */
  type: z.literal("error"),
  /** What was wrong. */
  code: ProtocolErrorCode,
  /** One line of detail (bounded; never echoes the whole offending frame). */
  message: z.string().max(2048),
});

/** Every message an agent may send, discriminated on `type`. */
export const AgentToServer = z.discriminatedUnion("type", [
  HelloMessage,
  SnapshotMessage,
  SnapshotDeltaMessage,
  AgentHeartbeatMessage,
  CommandProgressMessage,
  CommandResultMessage,
  AgentErrorMessage,
]);
export type AgentToServer = z.infer<typeof AgentToServer>;

/** The `type` values of AgentToServer. */
export const AGENT_MESSAGE_TYPES = [
  "hello",
  "snapshot",
  "snapshot_delta",
  "heartbeat",
  "command_progress",
  "command_result",
  "error",
] as const satisfies readonly AgentToServer["type"][];
