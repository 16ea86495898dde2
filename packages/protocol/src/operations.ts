// The operation catalog: what the server may ask an agent to do. The server sends typed intents
// (an operation name and its params), never command strings; the agent re-validates the params,
// plans on live state and runs argv arrays. This version defines the envelope and two
// operations that change nothing; network operations join the union as they are built.
import { z } from "zod";
import { CommandId, Sha256Hex, Timestamp } from "./common.ts";

/** Whether an operation only reads the host (`read`) or may change it (`write`). */
export type OperationAccess = "read" | "write";

/** Params of `noop`: none. The agent answers `succeeded` with no steps (a round-trip check). */
export const NoopParams = z.object({});

/** Params of `collect_now`: none. The agent collects at once and sends a snapshot (or delta) if it changed. */
export const CollectNowParams = z.object({});

/** Every operation with its params schema and access. */
export const OPERATION_CATALOG = {
  noop: { params: NoopParams, access: "read" },
  collect_now: { params: CollectNowParams, access: "read" },
} as const satisfies Record<string, { params: z.ZodType; access: OperationAccess }>;

/** Name of an operation. */
export type OperationName = keyof typeof OPERATION_CATALOG;

/** Fields every `command` carries, whatever the operation. */
const commandEnvelope = {
  /** Discriminator of the message. */
  type: z.literal("command"),
  /** Id chosen by the server; the agent journals it and answers a resent id from its journal. */
  commandId: CommandId,
  /** SHA-256 of the plan the operator approved; the agent refuses when its live re-plan differs. */
  planHash: Sha256Hex,
  /** Absolute deadline; the agent refuses a command it receives after it (answer `refused`). */
  deadline: Timestamp,
};

/** `command` for `noop`. */
const NoopCommand = z.object({
  ...commandEnvelope,
  /** The operation. */
  operation: z.literal("noop"),
  /** Its params. */
  params: NoopParams,
});

/** `command` for `collect_now`. */
const CollectNowCommand = z.object({
  ...commandEnvelope,
  /** The operation. */
  operation: z.literal("collect_now"),
  /** Its params. */
  params: CollectNowParams,
});

/** server → agent `command`: run one operation; discriminated on `operation`. */
export const CommandMessage = z.discriminatedUnion("operation", [NoopCommand, CollectNowCommand]);
export type CommandMessage = z.infer<typeof CommandMessage>;
