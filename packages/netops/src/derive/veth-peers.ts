// Resolving each veth's other end across namespaces. The kernel tells a veth end only its
// peer's ifindex (in the peer's namespace) and a `link_netnsid` that numbers the peer's
// namespace from this namespace's point of view; ifindexes repeat across namespaces (in the lab,
// c1's D and c2's E are both ifindex 3) and netnsids are local. So:
//   1. no netnsid: the peer is in the same namespace (found by name or index);
//   2. otherwise candidates are veths in other namespaces whose ifindex and peer ifindex mirror
//      this end's;
//   3. a unique candidate resolves the pair and teaches the netnsid → namespace map of both
//      namespaces (a netnsid names one namespace, a namespace has one netnsid per viewer), which
//      prunes the candidates of ambiguous ends; repeat until nothing changes.
// An end still ambiguous (or whose peer namespace was not collected) keeps a null namespace:
// never guessed.
import type { VethPeer } from "@switchyard/protocol";
import type { IpLink } from "../parse/ip-link.ts";

/** The links of one namespace. */
export interface NamespaceLinks {
  /** Namespace id (inode). */
  id: number;
  /** Its links (`ip -json -d link`). */
  links: readonly IpLink[];
}

/** Key of an interface across namespaces. */
export function endKey(namespaceId: number, ifindex: number): string {
  return `${namespaceId}/${ifindex}`;
}

/**
 * True when a link is a veth: `info_kind` says so (-d); without -d, an Ethernet link with a peer
 * reference is taken for one (a VLAN would look the same: collect with -d).
 */
export function isVeth(link: IpLink): boolean {
  if (link.kind !== null) return link.kind === "veth";
  return link.linkType === "ether" && (link.linkIndex !== null || link.linkName !== null);
}

interface End {
  ns: number;
  link: IpLink;
}

/** Resolves the peer of every veth; keyed by endKey(namespaceId, ifindex). */
export function resolveVethPeers(namespaces: readonly NamespaceLinks[]): Map<string, VethPeer> {
  const peers = new Map<string, VethPeer>();
  const crossEnds: End[] = [];
  // Candidates by "ifindex→peer ifindex" of the end that would be the peer.
  const byMirror = new Map<string, End[]>();
  for (const ns of namespaces) {
    for (const link of ns.links) {
      if (!isVeth(link)) continue;
      if (link.linkNetnsId === null) {
        const peer =
          ns.links.find((l) => l.ifindex !== link.ifindex && l.ifname === link.linkName) ??
          ns.links.find((l) => l.ifindex !== link.ifindex && l.ifindex === link.linkIndex);
        peers.set(endKey(ns.id, link.ifindex), {
          namespaceId: peer ? ns.id : null,
          ifindex: peer?.ifindex ?? link.linkIndex ?? 0,
          name: peer?.ifname ?? null,
        });
        continue;
      }
      const end = { ns: ns.id, link };
      crossEnds.push(end);
      const key = `${link.ifindex}>${link.linkIndex}`;
      byMirror.set(key, [...(byMirror.get(key) ?? []), end]);
    }
  }

  // nsidMap.get(X).get(n) = the namespace that X calls netnsid n.
  const nsidMap = new Map<number, Map<number, number>>();
  const learned = (x: number) =>
    nsidMap.get(x) ?? nsidMap.set(x, new Map()).get(x) ?? new Map<number, number>();
  const consistent = (x: number, nsid: number, y: number): boolean => {
    const map = learned(x);
    const known = map.get(nsid);
    if (known !== undefined) return known === y;
    for (const [otherNsid, ns] of map) if (ns === y && otherNsid !== nsid) return false;
    return true;
  };
  const resolved = new Set<string>();
  let progress = true;
  while (progress) {
    progress = false;
    for (const end of crossEnds) {
      const key = endKey(end.ns, end.link.ifindex);
      if (resolved.has(key)) continue;
      const nsid = end.link.linkNetnsId ?? -1;
      const candidates = (byMirror.get(`${end.link.linkIndex}>${end.link.ifindex}`) ?? []).filter(
        (c) =>
          c.ns !== end.ns &&
          !resolved.has(endKey(c.ns, c.link.ifindex)) &&
          consistent(end.ns, nsid, c.ns) &&
          consistent(c.ns, c.link.linkNetnsId ?? -1, end.ns),
      );
      const only = candidates.length === 1 ? candidates[0] : undefined;
      if (!only) continue;
      resolved.add(key);
      resolved.add(endKey(only.ns, only.link.ifindex));
      learned(end.ns).set(nsid, only.ns);
      learned(only.ns).set(only.link.linkNetnsId ?? -1, end.ns);
      peers.set(key, { namespaceId: only.ns, ifindex: only.link.ifindex, name: only.link.ifname });
      peers.set(endKey(only.ns, only.link.ifindex), {
        namespaceId: end.ns,
        ifindex: end.link.ifindex,
        name: end.link.ifname,
      });
      progress = true;
    }
  }
  for (const end of crossEnds) {
    const key = endKey(end.ns, end.link.ifindex);
    if (!peers.has(key)) peers.set(key, { namespaceId: null, ifindex: end.link.linkIndex ?? 0, name: null });
  }
  return peers;
}
