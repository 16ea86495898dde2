// Snapshot deltas: the agent sends only the top-level sections that changed (each replaces the
// base's section wholesale); the server applies them to its latest snapshot of the host and
// accepts the result only if both hashes check out. Anything else asks for a full snapshot.
import { type HostSnapshot, SNAPSHOT_SECTIONS, type SnapshotSections } from "@switchyard/protocol";
import { canonicalJson } from "./canonical-json.ts";
import { snapshotHash, stableSnapshot } from "./hash.ts";

/** The sections of `next` that differ from `base` (volatile fields ignored); null when none do. */
export function makeSnapshotDelta(base: HostSnapshot, next: HostSnapshot): SnapshotSections | null {
  const a = stableSnapshot(base);
  const b = stableSnapshot(next);
  const sections: Record<string, unknown> = {};
  for (const section of SNAPSHOT_SECTIONS) {
    if (canonicalJson(a[section]) !== canonicalJson(b[section])) sections[section] = next[section];
  }
  return Object.keys(sections).length === 0 ? null : (sections as SnapshotSections);
}

/** A delta as it arrives. */
export interface SnapshotDelta {
  /** Hash of the snapshot it applies to. */
  baseHash: string;
  /** Hash of the result. */
  hash: string;
  /** Replaced sections. */
  sections: SnapshotSections;
}

/** Outcome of applying a delta. */
export type DeltaResult =
  | { ok: true; value: HostSnapshot }
  | { ok: false; reason: "base_mismatch" | "hash_mismatch"; error: string };

/**
 * Applies a delta to `base`. Fails with "base_mismatch" when `base` does not hash to
 * `delta.baseHash`, and "hash_mismatch" when the result does not hash to `delta.hash`: in both
 * cases the server requests a full snapshot.
 */
export function applySnapshotDelta(base: HostSnapshot, delta: SnapshotDelta): DeltaResult {
  if (snapshotHash(base) !== delta.baseHash) {
    return { ok: false, reason: "base_mismatch", error: "the delta's base is not the latest snapshot" };
  }
  const next: HostSnapshot = { ...base };
  for (const section of SNAPSHOT_SECTIONS) {
    const replacement = delta.sections[section];
    if (replacement !== undefined) Object.assign(next, { [section]: replacement });
  }
  if (snapshotHash(next) !== delta.hash) {
    return { ok: false, reason: "hash_mismatch", error: "the delta's result does not match its hash" };
  }
  return { ok: true, value: next };
}
