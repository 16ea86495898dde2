// Point-to-point links: veth pairs with their two ends in two different namespaces and neither
// end a bridge port (Docker's own container veths all hang off a bridge, so they are not links).
// Each end's addresses and the routes that lead to the other end's addresses complete the
// picture of the seed's 13 steps (A: 10.1.1.1/32 + route 10.1.1.2/32 dev A, and B mirrored).
import type {
  InterfaceAddress,
  LinkRoute,
  NetworkInterface,
  NetworkNamespace,
  P2pLink,
  Route,
} from "@switchyard/protocol";
import { cidrHasAddress, parseIpv4Address, parseIpv4Cidr } from "../validate/ipv4-cidr.ts";

interface Side {
  ns: NetworkNamespace;
  iface: NetworkInterface;
  routes: readonly Route[];
}

/** Every point-to-point link among the namespaces, sorted by their ends. */
export function detectP2pLinks(namespaces: readonly NetworkNamespace[]): P2pLink[] {
  const byId = new Map(namespaces.map((ns) => [ns.id, ns]));
  const links: P2pLink[] = [];
  for (const ns of namespaces) {
    if (!ns.interfaces.available) continue;
    for (const iface of ns.interfaces.value) {
      const peerNsId = iface.peer?.namespaceId;
      if (iface.kind !== "veth" || iface.master !== null || peerNsId == null || peerNsId === ns.id) continue;
      const peerNs = byId.get(peerNsId);
      if (!peerNs?.interfaces.available) continue;
      const peer = peerNs.interfaces.value.find((i) => i.ifindex === iface.peer?.ifindex);
      if (!peer || peer.master !== null) continue;
      // Emit each pair once, from the end with the smaller (namespace, ifindex).
      if (ns.id > peerNs.id || (ns.id === peerNs.id && iface.ifindex > peer.ifindex)) continue;
      const a: Side = { ns, iface, routes: ns.routes.available ? ns.routes.value : [] };
      const b: Side = { ns: peerNs, iface: peer, routes: peerNs.routes.available ? peerNs.routes.value : [] };
      links.push(link(a, b));
    }
  }
  return links.sort((x, y) => x.a.namespaceId - y.a.namespaceId || x.a.ifindex - y.a.ifindex);
}

function link(a: Side, b: Side): P2pLink {
  const routesAtoB = routesTowards(a, b.iface.addresses);
  const routesBtoA = routesTowards(b, a.iface.addresses);
  const endOf = (side: Side) => ({
    namespaceId: side.ns.id,
    ifname: side.iface.name,
    ifindex: side.iface.ifindex,
    up: side.iface.up,
    addresses: side.iface.addresses
      .filter((addr) => !isLinkLocalV6(addr))
      .map((x) => `${x.address}/${x.prefixLength}`),
  });
  const ends = { a: endOf(a), b: endOf(b) };
  return {
    ...ends,
    routes: [...routesAtoB, ...routesBtoA],
    complete:
      ends.a.up &&
      ends.b.up &&
      ends.a.addresses.length > 0 &&
      ends.b.addresses.length > 0 &&
      routesAtoB.length > 0 &&
      routesBtoA.length > 0,
  };
}

// Routes on `side`'s interface whose destination covers one of the far end's IPv4 addresses
// (a /32 host route, or a connected subnet that includes it).
function routesTowards(side: Side, farAddresses: readonly InterfaceAddress[]): LinkRoute[] {
  const targets = farAddresses
    .filter((addr) => addr.family === "inet")
    .map((addr) => parseIpv4Address(addr.address))
    .flatMap((parsed) => (parsed.ok ? [parsed.value] : []));
  return side.routes
    .filter((route) => route.dev === side.iface.name && route.family === "inet")
    .filter((route) => {
      const dst = parseIpv4Cidr(route.dst);
      return dst.ok && dst.value.prefixLength > 0 && targets.some((t) => cidrHasAddress(dst.value, t));
    })
    .map((route) => ({ namespaceId: side.ns.id, dst: route.dst, dev: side.iface.name }));
}

function isLinkLocalV6(addr: InterfaceAddress): boolean {
  return addr.family === "inet6" && /^fe[89ab][0-9a-f]:/i.test(addr.address);
}
