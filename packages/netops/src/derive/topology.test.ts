// Bridges and point-to-point links derived from the real lab host h1 (see __fixtures__/README.md):
// docker0 and the labnet bridge with Docker's veths, the hand-made bridge0, the seed's A/B link
// between c1 and c2, and the C/D link between the host and c1.
import { available, type NetworkNamespace } from "@switchyard/protocol";
import { describe, expect, it } from "vitest";
import { containerId, containerNs, labH1Inputs, procNs } from "../__fixtures__/lab-h1.ts";
import { buildSnapshot } from "../snapshot/build.ts";
import { deriveBridges } from "./bridges.ts";
import { detectP2pLinks } from "./p2p-links.ts";

const snapshot = buildSnapshot(labH1Inputs());
const namespaces = snapshot.namespaces.available ? snapshot.namespaces.value : [];
const HOST = procNs.labHostNetInode;
const C1 = containerNs("c1").sandboxKeyInode;
const C2 = containerNs("c2").sandboxKeyInode;

describe("deriveBridges", () => {
  const bridges = snapshot.bridges.available ? snapshot.bridges.value : [];
  const byName = new Map(bridges.map((b) => [b.name, b]));

  it("finds docker0, the labnet bridge and bridge0 with their Docker networks", () => {
    expect(bridges.map((b) => [b.name, b.dockerNetwork?.name ?? null])).toEqual([
      ["br-4226b0b23118", "labnet"],
      ["bridge0", null],
      ["docker0", "bridge"],
    ]);
  });

  it("says where each port leads: containers, or back into the host", () => {
    const ports = (name: string) =>
      byName
        .get(name)
        ?.ports.map((p) => `${p.ifname} -> ${p.leadsTo.kind} ${p.leadsTo.name}:${p.leadsTo.ifname}`);
    expect(ports("docker0")).toEqual([
      "vethcc9b21c -> container c3:eth0",
      "vethb518d86 -> container c4:eth0",
    ]);
    expect(ports("br-4226b0b23118")).toEqual(["veth5d8de60 -> container c3:eth1"]);
    expect(ports("bridge0")).toEqual(["b0p1 -> container c2:E", "b0p2 -> host host:hostend"]);
    expect(byName.get("bridge0")?.ports[0]?.leadsTo).toMatchObject({
      id: containerId("c2"),
      namespaceId: C2,
    });
  });

  it("calls a non-veth port a device and a veth without a known peer unknown", () => {
    const ns: NetworkNamespace = {
      id: 1,
      kind: "host",
      name: "host",
      owner: {},
      routes: available([]),
      interfaces: available([
        {
          ifindex: 2,
          name: "br0",
          kind: "bridge",
          driver: "bridge",
          mtu: 1500,
          state: "up",
          up: true,
          mac: null,
          master: null,
          peer: null,
          addresses: [],
        },
        {
          ifindex: 3,
          name: "eth1",
          kind: "device",
          driver: null,
          mtu: 1500,
          state: "up",
          up: true,
          mac: null,
          master: "br0",
          peer: null,
          addresses: [],
        },
        {
          ifindex: 4,
          name: "v0",
          kind: "veth",
          driver: "veth",
          mtu: 1500,
          state: "up",
          up: true,
          mac: null,
          master: "br0",
          peer: { namespaceId: null, ifindex: 9, name: null },
          addresses: [],
        },
      ]),
    };
    expect(deriveBridges([ns])[0]?.ports.map((p) => p.leadsTo.kind)).toEqual(["device", "unknown"]);
  });
});

describe("detectP2pLinks", () => {
  const links = snapshot.links.available ? snapshot.links.value : [];

  it("finds the seed's link between c1 and c2 and the host <-> c1 link, not Docker's bridge veths", () => {
    expect(links).toHaveLength(2);
    expect(links).toContainEqual({
      a: { namespaceId: C1, ifname: "A", ifindex: 2, up: true, addresses: ["10.1.1.1/32"] },
      b: { namespaceId: C2, ifname: "B", ifindex: 2, up: true, addresses: ["10.1.1.2/32"] },
      routes: [
        { namespaceId: C1, dst: "10.1.1.2/32", dev: "A" },
        { namespaceId: C2, dst: "10.1.1.1/32", dev: "B" },
      ],
      complete: true,
    });
    expect(links).toContainEqual({
      a: { namespaceId: HOST, ifname: "C", ifindex: 10, up: true, addresses: ["10.1.2.1/32"] },
      b: { namespaceId: C1, ifname: "D", ifindex: 3, up: true, addresses: ["10.1.2.2/32"] },
      routes: [
        { namespaceId: HOST, dst: "10.1.2.2/32", dev: "C" },
        { namespaceId: C1, dst: "10.1.2.1/32", dev: "D" },
      ],
      complete: true,
    });
  });

  it("reports a link without its peer routes as incomplete (steps 9 and 13 not done)", () => {
    const withoutRoutes = namespaces.map((ns) =>
      ns.id === C1 || ns.id === C2 ? { ...ns, routes: available([]) } : ns,
    );
    const seed = detectP2pLinks(withoutRoutes).find((l) => l.a.ifname === "A");
    expect(seed).toMatchObject({ routes: [], complete: false });
  });
});
