import { describe, expect, it } from "vitest";
import { fixture } from "../__fixtures__/load.ts";
import { parseIpLink } from "./ip-link.ts";

describe("parseIpLink on real `ip -json [-d] link show` output", () => {
  it("reads lab host h1 with -d: kinds, masters, and veth peers in the same and in other namespaces", () => {
    const result = parseIpLink(fixture("ip-link-detail.h1.json"));
    if (!result.ok) throw new Error(result.error);
    const byName = new Map(result.value.map((l) => [l.ifname, l]));
    expect([...byName.keys()]).toEqual([
      "lo",
      "docker0",
      "br-4226b0b23118",
      "vethcc9b21c",
      "veth5d8de60",
      "vethb518d86",
      "C",
      "bridge0",
      "b0p1",
      "hostend",
      "b0p2",
    ]);
    expect(byName.get("docker0")).toMatchObject({ kind: "bridge", mtu: 1500, operstate: "UP", master: null });
    expect(byName.get("lo")).toMatchObject({ linkType: "loopback", kind: null });
    // A Docker veth: its peer (the container's eth0) is in another namespace, named by netnsid.
    expect(byName.get("vethcc9b21c")).toMatchObject({
      kind: "veth",
      slaveKind: "bridge",
      master: "docker0",
      linkIndex: 4,
      linkNetnsId: 0,
      linkName: null,
    });
    // Both ends in the same namespace: iproute2 names the peer instead of giving an index.
    expect(byName.get("hostend")).toMatchObject({
      kind: "veth",
      linkName: "b0p2",
      linkIndex: null,
      linkNetnsId: null,
    });
    expect(byName.get("b0p2")).toMatchObject({ linkName: "hostend", master: "bridge0" });
    // C (host end of the host<->c1 link) and b0p1 both point at ifindex 3, in different namespaces.
    expect(byName.get("C")).toMatchObject({ linkIndex: 3, linkNetnsId: 2, master: null });
    expect(byName.get("b0p1")).toMatchObject({ linkIndex: 3, linkNetnsId: 3, master: "bridge0" });
  });

  it("reads the same host without -d: no kinds, the rest identical", () => {
    const plain = parseIpLink(fixture("ip-link.h1.json"));
    const detailed = parseIpLink(fixture("ip-link-detail.h1.json"));
    if (!plain.ok || !detailed.ok) throw new Error("unparsed");
    expect(plain.value.every((l) => l.kind === null)).toBe(true);
    expect(plain.value.map(({ kind: _k, slaveKind: _s, ...rest }) => rest)).toEqual(
      detailed.value.map(({ kind: _k, slaveKind: _s, ...rest }) => rest),
    );
  });

  it("reads container c1's namespace (the seed's A end, and D towards the host)", () => {
    const result = parseIpLink(fixture("ip-link-detail.h1-c1.json"));
    expect(result.ok && result.value.map((l) => [l.ifname, l.ifindex, l.linkIndex, l.linkNetnsId])).toEqual([
      ["lo", 1, null, null],
      ["A", 2, 2, 0],
      ["D", 3, 10, 1],
    ]);
  });

  it("refuses output that is not ip -json link", () => {
    expect(parseIpLink("1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536")).toMatchObject({ ok: false });
    expect(parseIpLink('{"ifindex":1}')).toMatchObject({ ok: false });
    expect(parseIpLink('[{"ifname":"lo"}]')).toMatchObject({
      ok: false,
      error: expect.stringContaining("0.ifindex"),
    });
    expect(parseIpLink("[]")).toEqual({ ok: true, value: [] });
  });
});
