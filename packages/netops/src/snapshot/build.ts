// Assembles a HostSnapshot from raw collected outputs (see inputs.ts). Pure and total: a part
// that cannot be parsed becomes `{available: false, reason}` and the rest is still built.
// The result is ordered deterministically (namespaces, interfaces, containers, bridges, links)
// so that an unchanged host hashes the same on every collection.
import {
  type Available,
  available,
  type HostFacts,
  type HostSnapshot,
  type NetworkNamespace,
  SNAPSHOT_SCHEMA_VERSION,
  unavailable,
} from "@switchyard/protocol";
import { deriveBridges } from "../derive/bridges.ts";
import { assembleInterfaces } from "../derive/interfaces.ts";
import { tagIptables } from "../derive/iptables-owner.ts";
import { detectP2pLinks } from "../derive/p2p-links.ts";
import { resolveVethPeers } from "../derive/veth-peers.ts";
import { type IpAddrEntry, parseIpAddr } from "../parse/ip-addr.ts";
import { type IpLink, parseIpLink } from "../parse/ip-link.ts";
import { parseIpRoute } from "../parse/ip-route.ts";
import { parseIptablesSave } from "../parse/iptables-save.ts";
import { parseNftRuleset } from "../parse/nft-ruleset.ts";
import { parseOsRelease } from "../parse/os-release.ts";
import { parseNsLinks } from "../parse/proc-ns.ts";
import { parseSysctlBool } from "../parse/sysctl.ts";
import { both, chain, fromResult, resultValue } from "./available-helpers.ts";
import { buildDocker } from "./build-docker.ts";
import type { NamespaceInput, SnapshotInputs } from "./inputs.ts";

/** Builds the snapshot. Never throws on bad input; unreadable parts are marked unavailable. */
export function buildSnapshot(inputs: SnapshotInputs): HostSnapshot {
  const namespaces = buildNamespaces(inputs.namespaces);
  const hostNs = namespaces.available ? namespaces.value.find((ns) => ns.kind === "host") : undefined;
  const hostInodes = inputs.hostNsLinks.available
    ? resultValue(parseNsLinks(inputs.hostNsLinks.value))
    : null;
  const hostNetInode = hostNs?.id ?? hostInodes?.net ?? null;
  const docker = chain(inputs.docker, (input) =>
    buildDocker(input, { inodes: hostInodes, netInode: hostNetInode, ns: hostNs }),
  );
  const dockerNetworks = docker.available ? docker.value.networks : [];
  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    host: buildHost(inputs),
    namespaces,
    bridges: namespaces.available
      ? available(deriveBridges(namespaces.value, dockerNetworks))
      : unavailable(`namespaces: ${namespaces.reason}`),
    iptables: chain(inputs.iptablesSave, (text) => {
      const save = parseIptablesSave(text);
      if (!save.ok) return unavailable(save.error);
      return available(
        tagIptables(save.value, {
          bridges: dockerNetworks.flatMap((n) => (n.bridgeName ? [n.bridgeName] : [])),
          subnets: dockerNetworks.flatMap((n) => n.subnets.map((s) => s.subnet)),
        }),
      );
    }),
    nftables: chain(inputs.nftRuleset, (text) => fromResult(parseNftRuleset(text))),
    docker,
    links: namespaces.available
      ? available(detectP2pLinks(namespaces.value))
      : unavailable(`namespaces: ${namespaces.reason}`),
  };
}

function buildHost(inputs: SnapshotInputs): HostFacts {
  return {
    hostName: inputs.hostName,
    machineId: chain(inputs.machineId, (text) => available(text.trim())),
    kernel: chain(inputs.kernelRelease, (text) => available(text.trim())),
    os: chain(inputs.osRelease, (text) => available(parseOsRelease(text))),
    agentVersion: inputs.agentVersion,
    ipForward: chain(inputs.ipForward, (text) => fromResult(parseSysctlBool(text, "ip_forward"))),
    bridgeNfCallIptables: chain(inputs.bridgeNfCallIptables, (text) =>
      fromResult(parseSysctlBool(text, "bridge-nf-call-iptables")),
    ),
    collectedAt: inputs.collectedAt,
  };
}

// Order of namespace kinds in the report, and which input wins when two name the same inode
// (a --net=host container's namespace is the host's).
const KIND_ORDER = { host: 0, named: 1, container: 2, process: 3 } as const;

function buildNamespaces(input: Available<NamespaceInput[]>): Available<NetworkNamespace[]> {
  if (!input.available) return input;
  const unique = new Map<number, NamespaceInput>();
  for (const ns of [...input.value].sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind])) {
    if (!unique.has(ns.id)) unique.set(ns.id, ns);
  }
  const parsed = [...unique.values()].map((ns) => ({
    ns,
    links: chain(ns.ipLink, (text) => fromResult(parseIpLink(text))),
    addrs: chain(ns.ipAddr, (text) => fromResult(parseIpAddr(text))),
  }));
  const peers = resolveVethPeers(
    parsed.flatMap((p) => (p.links.available ? [{ id: p.ns.id, links: p.links.value }] : [])),
  );
  const namespaces = parsed.map(
    ({ ns, links, addrs }): NetworkNamespace => ({
      id: ns.id,
      kind: ns.kind,
      name: ns.name,
      owner: ns.owner,
      interfaces: both(links, addrs, (l: IpLink[], a: IpAddrEntry[]) =>
        assembleInterfaces(ns.id, l, a, peers),
      ),
      routes: chain(ns.ipRoute, (text) => fromResult(parseIpRoute(text))),
    }),
  );
  return available(
    namespaces.sort(
      (a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.name.localeCompare(b.name) || a.id - b.id,
    ),
  );
}
