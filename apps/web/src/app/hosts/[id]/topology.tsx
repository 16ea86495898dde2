// Topology of one host: namespaces (host, containers, named) and bridges as nodes, bridge
// ports and veth pairs as edges, point-to-point links dashed. Laid out by dagre; the graph
// component itself is client-only, loaded by topology-graph.tsx.
import type { HostSnapshot } from "@switchyard/protocol";
import { type TopoEdge, TopologyGraph, type TopoNode } from "./topology-graph.tsx";

export function topologyOf(s: HostSnapshot): { nodes: TopoNode[]; edges: TopoEdge[] } {
  const nodes: TopoNode[] = [];
  const edges: TopoEdge[] = [];
  const nsNode = (id: number) => `ns:${id}`;
  const known = new Set<string>();
  if (s.namespaces.available) {
    for (const n of s.namespaces.value) {
      nodes.push({ id: nsNode(n.id), label: n.name, kind: n.kind });
      known.add(nsNode(n.id));
    }
  }
  if (s.bridges.available) {
    for (const b of s.bridges.value) {
      const id = `br:${b.namespaceId}:${b.name}`;
      nodes.push({ id, label: b.name, kind: "bridge" });
      if (known.has(nsNode(b.namespaceId)))
        edges.push({ id: `${id}->host`, source: nsNode(b.namespaceId), target: id, kind: "member" });
      for (const p of b.ports) {
        const target = p.leadsTo.namespaceId !== null ? nsNode(p.leadsTo.namespaceId) : null;
        if (target && known.has(target))
          edges.push({ id: `${id}:${p.ifname}`, source: id, target, kind: "port", label: p.ifname });
      }
    }
  }
  if (s.links.available) {
    for (const l of s.links.value) {
      const a = nsNode(l.a.namespaceId);
      const b = nsNode(l.b.namespaceId);
      if (known.has(a) && known.has(b)) {
        edges.push({
          id: `p2p:${a}:${l.a.ifname}`,
          source: a,
          target: b,
          kind: "p2p",
          label: `${l.a.ifname}↔${l.b.ifname}`,
        });
      }
    }
  }
  return { nodes, edges };
}

export function Topology({ snapshot }: { snapshot: HostSnapshot }) {
  const { nodes, edges } = topologyOf(snapshot);
  if (nodes.length === 0) return <p className="empty">Nothing to draw: no namespaces reported.</p>;
  return <TopologyGraph nodes={nodes} edges={edges} />;
}
