import { describe, expect, it } from "vitest";
import { containerNs, procNs } from "../__fixtures__/lab-h1.ts";
import { fixture } from "../__fixtures__/load.ts";
import { type IpLink, parseIpLink } from "../parse/ip-link.ts";
import { endKey, resolveVethPeers } from "./veth-peers.ts";

function links(name: string): IpLink[] {
  const parsed = parseIpLink(fixture(name));
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

const HOST = procNs.labHostNetInode;
const C1 = containerNs("c1").sandboxKeyInode;
const C2 = containerNs("c2").sandboxKeyInode;
const C3 = containerNs("c3").sandboxKeyInode;
const C4 = containerNs("c4").sandboxKeyInode;

describe("resolveVethPeers on lab host h1 and its four containers", () => {
  const namespaces = [
    { id: HOST, links: links("ip-link-detail.h1.json") },
    { id: C1, links: links("ip-link-detail.h1-c1.json") },
    { id: C2, links: links("ip-link-detail.h1-c2.json") },
    { id: C3, links: links("ip-link-detail.h1-c3.json") },
    { id: C4, links: links("ip-link-detail.h1-c4.json") },
  ];
  const peers = resolveVethPeers(namespaces);

  it("pairs every veth end, in both directions", () => {
    const pairs = [
      [HOST, 5, C3, 4], // vethcc9b21c <-> c3 eth0 (docker0)
      [HOST, 7, C3, 6], // veth5d8de60 <-> c3 eth1 (labnet)
      [HOST, 9, C4, 8], // vethb518d86 <-> c4 eth0
      [HOST, 10, C1, 3], // C <-> D (host <-> c1 link)
      [HOST, 12, C2, 3], // b0p1 <-> E (bridge0 port into c2)
      [HOST, 13, HOST, 14], // hostend <-> b0p2 (both in the host)
      [C1, 2, C2, 2], // A <-> B (the seed's link)
    ] as const;
    for (const [nsA, ifA, nsB, ifB] of pairs) {
      expect(peers.get(endKey(nsA, ifA))).toMatchObject({ namespaceId: nsB, ifindex: ifB });
      expect(peers.get(endKey(nsB, ifB))).toMatchObject({ namespaceId: nsA, ifindex: ifA });
    }
    expect(peers.size).toBe(pairs.length * 2);
    expect(peers.get(endKey(C1, 2))?.name).toBe("B");
  });

  it("leaves the peer's namespace unknown when the namespace holding it was not collected", () => {
    const withoutC2 = resolveVethPeers(namespaces.filter((ns) => ns.id !== C2));
    expect(withoutC2.get(endKey(C1, 2))).toEqual({ namespaceId: null, ifindex: 2, name: null });
    expect(withoutC2.get(endKey(HOST, 12))).toEqual({ namespaceId: null, ifindex: 3, name: null });
  });

  it("uses the netnsid map to settle ends whose ifindexes mirror in several namespaces", () => {
    // X has two veths: p (1→1, nsid 0) and q (2→2, nsid 0): both peers are in the namespace X calls 0.
    // Y and Z each hold a veth 1→1 and a veth 2→2, but only Y's point back at X consistently:
    // Z's 2→2 end says its peer is in nsid 5 while its 1→1 end says nsid 7.
    const veth = (ifindex: number, linkIndex: number, linkNetnsId: number): IpLink => ({
      ifindex,
      ifname: `v${ifindex}`,
      flags: ["UP"],
      mtu: 1500,
      operstate: "UP",
      linkType: "ether",
      mac: null,
      master: null,
      kind: "veth",
      slaveKind: null,
      linkName: null,
      linkIndex,
      linkNetnsId,
    });
    const resolved = resolveVethPeers([
      { id: 100, links: [veth(1, 1, 0), veth(2, 2, 0), veth(3, 9, 1)] },
      { id: 200, links: [veth(1, 1, 4), veth(2, 2, 4)] },
      { id: 300, links: [veth(9, 3, 7), veth(1, 1, 7), veth(2, 2, 5)] },
    ]);
    // v3 (3→9) is unique and teaches: X's nsid 1 = 300, and 300's nsid 7 = X.
    expect(resolved.get(endKey(100, 3))?.namespaceId).toBe(300);
    // So X's nsid-0 ends cannot be in 300: they pair with 200.
    expect(resolved.get(endKey(100, 1))?.namespaceId).toBe(200);
    expect(resolved.get(endKey(100, 2))?.namespaceId).toBe(200);
    // 300's v1 (nsid 7 = X) and v2 have nothing left to pair with.
    expect(resolved.get(endKey(300, 1))?.namespaceId).toBeNull();
    expect(resolved.get(endKey(300, 2))?.namespaceId).toBeNull();
  });
});
