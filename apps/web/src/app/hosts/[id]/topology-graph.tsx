"use client";
import "@xyflow/react/dist/style.css";
import dagre from "@dagrejs/dagre";
import { Background, type Edge, MarkerType, type Node, ReactFlow } from "@xyflow/react";
import { useMemo } from "react";

export interface TopoNode {
  id: string;
  label: string;
  kind: string;
}
export interface TopoEdge {
  id: string;
  source: string;
  target: string;
  kind: "member" | "port" | "p2p";
  label?: string;
}

const W = 170;
const H = 44;
const colors: Record<string, string> = {
  host: "#ddf4ff",
  container: "#dafbe1",
  bridge: "#fff8c5",
  named: "#fbefff",
  process: "#f6f8fa",
};

/** Layered layout of namespaces and bridges; point-to-point edges stay out of the layering. */
function layout(nodes: TopoNode[], edges: TopoEdge[]): Node[] {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: "TB", nodesep: 30, ranksep: 60 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) g.setNode(n.id, { width: W, height: H });
  for (const e of edges) if (e.kind !== "p2p") g.setEdge(e.source, e.target);
  dagre.layout(g);
  return nodes.map((n) => {
    const p = g.node(n.id);
    return {
      id: n.id,
      position: { x: (p?.x ?? 0) - W / 2, y: (p?.y ?? 0) - H / 2 },
      data: { label: `${n.label} (${n.kind})` },
      style: { width: W, background: colors[n.kind] ?? "#fff", border: "1px solid #d0d7de", fontSize: 12 },
    };
  });
}

export function TopologyGraph({ nodes, edges }: { nodes: TopoNode[]; edges: TopoEdge[] }) {
  const flowNodes = useMemo(() => layout(nodes, edges), [nodes, edges]);
  const flowEdges: Edge[] = useMemo(
    () =>
      edges.map((e) => ({
        id: e.id,
        source: e.source,
        target: e.target,
        label: e.label,
        animated: e.kind === "p2p",
        style: e.kind === "p2p" ? { strokeDasharray: "6 3", stroke: "#8250df" } : undefined,
        markerEnd: e.kind === "port" ? { type: MarkerType.ArrowClosed } : undefined,
        data: { kind: e.kind },
      })),
    [edges],
  );
  return (
    <div style={{ height: 420, border: "1px solid #d0d7de", borderRadius: 6 }} data-testid="topology">
      <ReactFlow
        nodes={flowNodes}
        edges={flowEdges}
        fitView
        nodesConnectable={false}
        proOptions={{ hideAttribution: true }}
      >
        <Background />
      </ReactFlow>
      <ul className="sr-only" data-testid="topology-edges">
        {edges.map((e) => (
          <li key={e.id} data-kind={e.kind}>
            {e.source} {e.kind} {e.target} {e.label ?? ""}
          </li>
        ))}
      </ul>
    </div>
  );
}
