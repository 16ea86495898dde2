// Joins one namespace's `ip link` and `ip addr` output and the resolved veth peers into the
// snapshot's interface records.
import type { InterfaceKind, NetworkInterface, VethPeer } from "@switchyard/protocol";
import type { IpAddrEntry } from "../parse/ip-addr.ts";
import type { IpLink } from "../parse/ip-link.ts";
import { endKey, isVeth } from "./veth-peers.ts";

const KNOWN_KINDS = new Set<string>([
  "veth",
  "bridge",
  "vlan",
  "macvlan",
  "ipvlan",
  "vxlan",
  "bond",
  "dummy",
  "tun",
  "wireguard",
]);

/** The normalised kind of a link. */
export function interfaceKind(link: IpLink): InterfaceKind {
  if (link.linkType === "loopback") return "loopback";
  if (link.kind === null) return isVeth(link) ? "veth" : "device";
  return isKnownKind(link.kind) ? link.kind : "other";
}

function isKnownKind(kind: string): kind is InterfaceKind {
  return KNOWN_KINDS.has(kind);
}

/** Builds the interfaces of namespace `namespaceId`, in ifindex order. */
export function assembleInterfaces(
  namespaceId: number,
  links: readonly IpLink[],
  addrs: readonly IpAddrEntry[],
  peers: ReadonlyMap<string, VethPeer>,
): NetworkInterface[] {
  const addressesByIndex = new Map(addrs.map((entry) => [entry.ifindex, entry.addresses]));
  return [...links]
    .sort((a, b) => a.ifindex - b.ifindex)
    .map((link) => {
      const kind = interfaceKind(link);
      return {
        ifindex: link.ifindex,
        name: link.ifname,
        kind,
        driver: link.kind,
        mtu: link.mtu,
        state: link.operstate.toLowerCase(),
        up: link.flags.includes("UP"),
        mac: link.mac,
        master: link.master,
        peer: kind === "veth" ? (peers.get(endKey(namespaceId, link.ifindex)) ?? null) : null,
        addresses: addressesByIndex.get(link.ifindex) ?? [],
      };
    });
}
