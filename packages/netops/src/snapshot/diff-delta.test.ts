import { available, type HostSnapshot, unavailable } from "@switchyard/protocol";
import { describe, expect, it } from "vitest";
import { containerNs, labH1Inputs } from "../__fixtures__/lab-h1.ts";
import { buildSnapshot } from "./build.ts";
import { applySnapshotDelta, makeSnapshotDelta } from "./delta.ts";
import { diffSnapshots } from "./diff.ts";
import { snapshotHash } from "./hash.ts";

const base = buildSnapshot(labH1Inputs());

// The same host after a hand-made change: bridge0 deleted (its ports go with it), the seed's
// MASQUERADE rule deleted, c2 stopped (its namespace and the A/B link vanish), ip_forward off.
function changed(): HostSnapshot {
  const inputs = labH1Inputs();
  if (!inputs.namespaces.available || !inputs.docker.available) throw new Error("fixture");
  const next = buildSnapshot({
    ...inputs,
    collectedAt: "2026-11-29T03:00:00.000Z",
    ipForward: available("0\n"),
    namespaces: available(inputs.namespaces.value.filter((ns) => ns.name !== "c2")),
  });
  if (!next.iptables.available || !next.namespaces.available || !next.bridges.available)
    throw new Error("fixture");
  const nat = next.iptables.value.nat;
  return {
    ...next,
    namespaces: available(
      next.namespaces.value.map((ns) =>
        ns.kind === "host" && ns.interfaces.available
          ? {
              ...ns,
              interfaces: available(
                ns.interfaces.value.filter((i) => !["bridge0", "b0p1", "b0p2", "hostend"].includes(i.name)),
              ),
            }
          : ns,
      ),
    ),
    bridges: available(next.bridges.value.filter((b) => b.name !== "bridge0")),
    iptables: available({
      ...next.iptables.value,
      nat: {
        ...nat,
        rules: nat.rules.filter(
          (r) => r.raw !== "-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE",
        ),
      },
    }),
  };
}

describe("diffSnapshots", () => {
  it("finds nothing between two collections of an unchanged host", () => {
    const again = buildSnapshot({ ...labH1Inputs(), collectedAt: "2026-11-29T03:00:00.000Z" });
    expect(diffSnapshots(base, again)).toEqual([]);
  });

  it("lists each change a timeline shows, keyed by names an operator knows", () => {
    expect(diffSnapshots(base, changed())).toEqual([
      { section: "host", change: "changed", item: "ipForward" },
      { section: "namespaces", change: "removed", item: "host: interface bridge0" },
      { section: "namespaces", change: "removed", item: "host: interface b0p1" },
      { section: "namespaces", change: "removed", item: "host: interface hostend" },
      { section: "namespaces", change: "removed", item: "host: interface b0p2" },
      // A's peer (B, in c2) is gone from view: its peer is now unknown.
      { section: "namespaces", change: "changed", item: "container c1: interface A" },
      { section: "namespaces", change: "removed", item: "container c2" },
      { section: "bridges", change: "removed", item: "bridge bridge0" },
      {
        section: "iptables",
        change: "removed",
        item: "nat: -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE",
      },
      {
        section: "links",
        change: "removed",
        item: `link ${containerNs("c1").sandboxKeyInode}/A <-> ${containerNs("c2").sandboxKeyInode}/B`,
      },
    ]);
  });

  it("reports a section that became unavailable, and one that came back", () => {
    const noDocker = { ...base, docker: unavailable("docker socket: ECONNREFUSED") };
    expect(diffSnapshots(base, noDocker)).toEqual([
      { section: "docker", change: "removed", item: "unavailable: docker socket: ECONNREFUSED" },
    ]);
    expect(diffSnapshots(noDocker, base)).toEqual([{ section: "docker", change: "added", item: null }]);
  });
});

describe("snapshot deltas", () => {
  it("carries only the changed sections, and applying it gives the new snapshot's hash", () => {
    const next = changed();
    const sections = makeSnapshotDelta(base, next);
    expect(Object.keys(sections ?? {}).sort()).toEqual([
      "bridges",
      "host",
      "iptables",
      "links",
      "namespaces",
    ]);
    if (!sections) throw new Error("no delta");
    const applied = applySnapshotDelta(base, {
      baseHash: snapshotHash(base),
      hash: snapshotHash(next),
      sections,
    });
    expect(applied.ok && snapshotHash(applied.value)).toBe(snapshotHash(next));
  });

  it("is null when only volatile fields changed", () => {
    expect(
      makeSnapshotDelta(base, { ...base, host: { ...base.host, collectedAt: "2030-01-01T00:00:00Z" } }),
    ).toBeNull();
  });

  it("refuses a delta for another base or with a wrong result hash", () => {
    const next = changed();
    const sections = makeSnapshotDelta(base, next) ?? {};
    expect(
      applySnapshotDelta(next, { baseHash: snapshotHash(base), hash: snapshotHash(next), sections }),
    ).toMatchObject({
      ok: false,
      reason: "base_mismatch",
    });
    expect(
      applySnapshotDelta(base, { baseHash: snapshotHash(base), hash: snapshotHash(base), sections }),
    ).toMatchObject({
      ok: false,
      reason: "hash_mismatch",
    });
  });
});
