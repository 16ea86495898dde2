import { buildSnapshot, snapshotHash } from "@switchyard/netops";
import type { HostSnapshot } from "@switchyard/protocol";
import { describe, expect, it } from "vitest";
import { labH1Inputs } from "../../../packages/netops/src/__fixtures__/lab-h1.ts";
import { decideReport, type Reported } from "./report-decision.ts";

const reported = (snapshot: HostSnapshot): Reported => ({ snapshot, hash: snapshotHash(snapshot) });
const base = reported(buildSnapshot(labH1Inputs()));
const opts = { forceFull: false, maxFrameBytes: 4 * 1024 * 1024 };

describe("delta or full", () => {
  it("the first report on a connection is the full snapshot", () => {
    const d = decideReport(null, base, opts);
    expect(d.kind).toBe("full");
    if (d.kind === "full") expect(d.message).toMatchObject({ type: "snapshot", hash: base.hash });
  });

  it("an unchanged hash sends nothing, even when only volatile fields (collectedAt) moved", () => {
    const later = reported({
      ...base.snapshot,
      host: { ...base.snapshot.host, collectedAt: "2030-01-01T00:00:00.000Z" },
    });
    expect(later.hash).toBe(base.hash);
    expect(decideReport(base, later, opts)).toEqual({ kind: "none" });
  });

  it("a small change goes as a delta of the changed sections only", () => {
    const next = reported({
      ...base.snapshot,
      host: { ...base.snapshot.host, ipForward: { available: true, value: false } },
    });
    const d = decideReport(base, next, opts);
    expect(d.kind).toBe("delta");
    if (d.kind !== "delta" || d.message.type !== "snapshot_delta") throw new Error("expected a delta");
    expect(d.message.baseHash).toBe(base.hash);
    expect(d.message.hash).toBe(next.hash);
    expect(Object.keys(d.message.sections)).toEqual(["host"]);
    expect(d.text.length).toBeLessThan(
      JSON.stringify({ type: "snapshot", hash: next.hash, snapshot: next.snapshot }).length,
    );
  });

  it("when every section changed, the full document is not larger than the delta: full", () => {
    const no = { available: false as const, reason: "gone" };
    const next = reported({
      ...base.snapshot,
      host: { ...base.snapshot.host, hostName: "other" },
      namespaces: no,
      bridges: no,
      iptables: no,
      nftables: no,
      docker: no,
      links: no,
    });
    expect(decideReport(base, next, opts).kind).toBe("full");
  });

  it("a server request (forceFull) sends the full snapshot even when nothing changed", () => {
    expect(decideReport(base, base, { ...opts, forceFull: true }).kind).toBe("full");
  });

  it("a report over the server's frame limit is not sent", () => {
    const d = decideReport(null, base, { forceFull: false, maxFrameBytes: 1000 });
    expect(d.kind).toBe("too_large");
  });
});
