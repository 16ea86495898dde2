// What changed between two snapshots of a host, for the server's timeline: one entry per
// added, removed or changed item, keyed by what an operator recognises (container names,
// interface names, iptables rule text) rather than by ids that change on every restart.
import type { Available, HostSnapshot, NetworkNamespace, SnapshotSection } from "@switchyard/protocol";
import { canonicalJson } from "./canonical-json.ts";

/** One change. */
export interface SnapshotChange {
  /** The top-level section it is in. */
  section: SnapshotSection;
  /** What happened to the item. */
  change: "added" | "removed" | "changed";
  /** The item ("container c1", "host: interface bridge0", "nat: -A POSTROUTING ..."); null for the section as a whole. */
  item: string | null;
}

/** The changes from `before` to `after`, section by section, in a stable order. */
export function diffSnapshots(before: HostSnapshot, after: HostSnapshot): SnapshotChange[] {
  const changes: SnapshotChange[] = [];
  const push = (section: SnapshotSection, change: SnapshotChange["change"], item: string | null) =>
    changes.push({ section, change, item });

  for (const key of Object.keys(after.host) as (keyof HostSnapshot["host"])[]) {
    if (key === "collectedAt") continue;
    if (!same(before.host[key], after.host[key])) push("host", "changed", key);
  }

  sectionDiff("namespaces", before.namespaces, after.namespaces, push, (a, b) => {
    keyed(
      a,
      b,
      nsLabel,
      (label, change) => push("namespaces", change, label),
      (x, y) => {
        const label = nsLabel(y);
        if (!x.interfaces.available || !y.interfaces.available) {
          if (!same(x.interfaces, y.interfaces)) push("namespaces", "changed", `${label}: interfaces`);
        } else {
          keyed(
            x.interfaces.value,
            y.interfaces.value,
            (i) => i.name,
            (name, change) => push("namespaces", change, `${label}: interface ${name}`),
          );
        }
        if (!same(x.routes, y.routes)) push("namespaces", "changed", `${label}: routes`);
        if (x.id !== y.id) push("namespaces", "changed", `${label}: namespace recreated`);
      },
    );
  });

  sectionDiff("bridges", before.bridges, after.bridges, push, (a, b) =>
    keyed(
      a,
      b,
      (br) => `bridge ${br.name}`,
      (label, change) => push("bridges", change, label),
    ),
  );

  sectionDiff("iptables", before.iptables, after.iptables, push, (a, b) => {
    for (const table of ["filter", "nat"] as const) {
      keyed(
        a[table].chains,
        b[table].chains,
        (c) => `${table}: chain ${c.name}`,
        (label, change) => push("iptables", change, label),
      );
      multiset(
        a[table].rules.map((r) => r.raw),
        b[table].rules.map((r) => r.raw),
        (raw, change) => push("iptables", change, `${table}: ${raw}`),
      );
    }
    if (a.version !== b.version || a.backend !== b.backend) push("iptables", "changed", "version");
  });

  sectionDiff("nftables", before.nftables, after.nftables, push, (a, b) =>
    keyed(
      a.tables,
      b.tables,
      (t) => `table ${t.family} ${t.name}`,
      (label, change) => push("nftables", change, label),
    ),
  );

  sectionDiff("docker", before.docker, after.docker, push, (a, b) => {
    if (a.version !== b.version || a.apiVersion !== b.apiVersion) push("docker", "changed", "version");
    if (!same(a.daemonConfigured, b.daemonConfigured))
      push("docker", "changed", "daemon options (configured)");
    if (!same(a.daemonEffective, b.daemonEffective)) push("docker", "changed", "daemon options (effective)");
    keyed(
      a.networks,
      b.networks,
      (n) => `network ${n.name}`,
      (label, change) => push("docker", change, label),
    );
    keyed(
      a.containers,
      b.containers,
      (c) => `container ${c.name}`,
      (label, change) => push("docker", change, label),
    );
  });

  sectionDiff("links", before.links, after.links, push, (a, b) => {
    // Ends by namespace id: a restarted container gets a new namespace, and its old link is gone.
    const label = (l: (typeof a)[number]) =>
      `link ${l.a.namespaceId}/${l.a.ifname} <-> ${l.b.namespaceId}/${l.b.ifname}`;
    keyed(a, b, label, (item, change) => push("links", change, item));
  });

  return changes;
}

function nsLabel(ns: NetworkNamespace): string {
  return ns.kind === "host" ? "host" : `${ns.kind} ${ns.name}`;
}

// Compares availability first; when both are available, hands the values to `inner`.
function sectionDiff<T>(
  section: SnapshotSection,
  before: Available<T>,
  after: Available<T>,
  push: (section: SnapshotSection, change: SnapshotChange["change"], item: string | null) => void,
  inner: (a: T, b: T) => void,
): void {
  if (before.available && after.available) {
    inner(before.value, after.value);
  } else if (before.available !== after.available) {
    push(
      section,
      after.available ? "added" : "removed",
      after.available ? null : `unavailable: ${after.reason}`,
    );
  } else if (!same(before, after)) {
    push(section, "changed", null);
  }
}

// Diffs two lists of items by a label. Items with the same label are compared as wholes, or by
// `changed` when given (which then reports finer changes itself). Duplicate labels are numbered.
function keyed<T>(
  before: readonly T[],
  after: readonly T[],
  label: (item: T) => string,
  report: (label: string, change: SnapshotChange["change"]) => void,
  changed?: (a: T, b: T) => void,
): void {
  const index = (items: readonly T[]) => {
    const map = new Map<string, T>();
    for (const item of items) {
      let key = label(item);
      for (let n = 2; map.has(key); n++) key = `${label(item)} #${n}`;
      map.set(key, item);
    }
    return map;
  };
  const a = index(before);
  const b = index(after);
  for (const [key, item] of a) {
    const other = b.get(key);
    if (other === undefined) report(key, "removed");
    else if (!same(item, other)) {
      if (changed) changed(item, other);
      else report(key, "changed");
    }
  }
  for (const key of b.keys()) if (!a.has(key)) report(key, "added");
}

// Diffs two lists of strings as multisets (rule order and index shifts are not changes).
function multiset(
  before: readonly string[],
  after: readonly string[],
  report: (item: string, change: "added" | "removed") => void,
): void {
  const counts = new Map<string, number>();
  for (const item of before) counts.set(item, (counts.get(item) ?? 0) + 1);
  for (const item of after) counts.set(item, (counts.get(item) ?? 0) - 1);
  for (const [item, count] of counts) {
    for (let i = 0; i < Math.abs(count); i++) report(item, count > 0 ? "removed" : "added");
  }
}

function same(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}
