// The snapshot hash: SHA-256 of the canonical JSON of a snapshot without its volatile fields.
// The agent sends a report only when this changes, and the server verifies deltas with it, so
// two collections of an unchanged host must hash the same: anything that changes on its own
// (collection time, counters, lifetimes) is either not in the model or removed here.
import type { HostSnapshot } from "@switchyard/protocol";
import { canonicalJson } from "./canonical-json.ts";
import { sha256Hex } from "./sha256.ts";

/** Fields left out of the hash, as paths: they change on every collection. */
export const VOLATILE_FIELDS = ["host.collectedAt"] as const;

/** The snapshot without its volatile fields (a copy; the input is not changed). */
export function stableSnapshot(snapshot: HostSnapshot): Omit<HostSnapshot, "host"> & {
  host: Omit<HostSnapshot["host"], "collectedAt">;
} {
  const { collectedAt: _volatile, ...host } = snapshot.host;
  return { ...snapshot, host };
}

/** SHA-256 (hex) of the snapshot's canonical JSON, volatile fields excluded. */
export function snapshotHash(snapshot: HostSnapshot): string {
  return sha256Hex(canonicalJson(stableSnapshot(snapshot)));
}
