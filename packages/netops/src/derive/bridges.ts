// Bridges and what each port leads to: the namespace at the far end of a veth port tells
// whether it goes into a container, another namespace, or back to the host.
import type {
  Bridge,
  DockerNetwork,
  NetworkInterface,
  NetworkNamespace,
  PortLeadsTo,
} from "@switchyard/protocol";

/** Every Linux bridge in the namespaces, with its ports. */
export function deriveBridges(
  namespaces: readonly NetworkNamespace[],
  dockerNetworks: readonly DockerNetwork[] = [],
): Bridge[] {
  const byId = new Map(namespaces.map((ns) => [ns.id, ns]));
  const bridges: Bridge[] = [];
  for (const ns of namespaces) {
    if (!ns.interfaces.available) continue;
    const interfaces = ns.interfaces.value;
    for (const bridge of interfaces.filter((i) => i.kind === "bridge")) {
      const network =
        ns.kind === "host" ? dockerNetworks.find((n) => n.bridgeName === bridge.name) : undefined;
      bridges.push({
        namespaceId: ns.id,
        name: bridge.name,
        ifindex: bridge.ifindex,
        mtu: bridge.mtu,
        state: bridge.state,
        addresses: bridge.addresses,
        dockerNetwork: network ? { id: network.id, name: network.name } : null,
        ports: interfaces
          .filter((port) => port.master === bridge.name)
          .map((port) => ({
            ifname: port.name,
            ifindex: port.ifindex,
            state: port.state,
            leadsTo: leadsTo(port, byId),
          })),
      });
    }
  }
  return bridges.sort((a, b) => a.namespaceId - b.namespaceId || a.name.localeCompare(b.name));
}

function leadsTo(port: NetworkInterface, namespaces: ReadonlyMap<number, NetworkNamespace>): PortLeadsTo {
  if (port.kind !== "veth") {
    return { kind: "device", namespaceId: null, id: null, name: port.name, ifname: null };
  }
  const far = port.peer?.namespaceId == null ? undefined : namespaces.get(port.peer.namespaceId);
  if (!far || !port.peer) return { kind: "unknown", namespaceId: null, id: null, name: null, ifname: null };
  const base = { namespaceId: far.id, name: far.name, ifname: port.peer.name };
  if (far.kind === "container") return { kind: "container", id: far.owner.containerId ?? null, ...base };
  if (far.kind === "host") return { kind: "host", id: null, ...base };
  return { kind: "namespace", id: null, ...base };
}
