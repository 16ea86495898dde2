// Whether and how to report a new collection: nothing when the hash is unchanged, a
// snapshot_delta (makeSnapshotDelta: changed sections only) when it serialises smaller than the
// full snapshot, else the full document. The first report on a connection, and any report the
// server asked for, is always full. Pure, so the decision is unit-tested.
import { makeSnapshotDelta } from "@switchyard/netops";
import type { AgentToServer, HostSnapshot } from "@switchyard/protocol";

export interface Reported {
  snapshot: HostSnapshot;
  hash: string;
}

export type ReportDecision =
  | { kind: "none" }
  | { kind: "full" | "delta"; message: AgentToServer; text: string }
  | { kind: "too_large"; bytes: number };

export function decideReport(
  last: Reported | null,
  next: Reported,
  options: { forceFull: boolean; maxFrameBytes: number },
): ReportDecision {
  if (!options.forceFull && last !== null && last.hash === next.hash) return { kind: "none" };
  const full: AgentToServer = { type: "snapshot", hash: next.hash, snapshot: next.snapshot };
  const fullText = JSON.stringify(full);
  let chosen: Extract<ReportDecision, { kind: "full" | "delta" }> = {
    kind: "full",
    message: full,
    text: fullText,
  };
  if (!options.forceFull && last !== null) {
    const sections = makeSnapshotDelta(last.snapshot, next.snapshot);
    if (sections !== null) {
      const delta: AgentToServer = { type: "snapshot_delta", baseHash: last.hash, hash: next.hash, sections };
      const deltaText = JSON.stringify(delta);
      if (deltaText.length < fullText.length) chosen = { kind: "delta", message: delta, text: deltaText };
    }
  }
  const bytes = Buffer.byteLength(chosen.text);
  if (bytes > options.maxFrameBytes) return { kind: "too_large", bytes };
  return chosen;
}
