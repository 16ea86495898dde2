// Codes of the protocol's `error` messages, in both directions. One meaning each.
import { z } from "zod";

/** Why a frame or message was refused. The first four are what the parsers return. */
export const ProtocolErrorCode = z.enum([
  /** The frame is larger than MAX_FRAME_BYTES; it was not parsed. */
  "too_large",
  /** The frame is not UTF-8 JSON. */
  "malformed_json",
  /** The JSON has a `type` this protocol version does not know. */
  "unknown_type",
  /** The message does not match its schema (the detail names the fields). */
  "invalid",
  /** The peer speaks a protocol version this side does not. */
  "unsupported_version",
  /** A snapshot_delta's baseHash is not the server's latest snapshot of the host: send a full snapshot. */
  "snapshot_base_mismatch",
  /** A snapshot's hash does not match its content. */
  "snapshot_hash_mismatch",
  /** A message came in an order the protocol forbids (a snapshot before hello). */
  "unexpected",
  /** The side that sends it failed; the other side may retry. */
  "internal",
]);
export type ProtocolErrorCode = z.infer<typeof ProtocolErrorCode>;
