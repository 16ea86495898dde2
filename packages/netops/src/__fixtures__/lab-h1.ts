// SnapshotInputs for lab host h1 assembled from the captured fixtures: exactly what the agent's
// collectors would hand to buildSnapshot for that host (see README.md for the lab's layout).
import { available, unavailable } from "@switchyard/protocol";
import type { ContainerInput, NamespaceInput, SnapshotInputs } from "../snapshot/inputs.ts";
import { fixture, fixtureJson, fixtureRecord } from "./load.ts";

interface ProcNs {
  self: Record<string, string>;
  labHostNetInode: number;
  [container: string]: unknown;
}
interface ContainerNs {
  pid: number;
  sandboxKeyInode: number;
  ns: Record<string, string>;
}

/** The namespace links of the capture (the machine's own, the lab host's net inode, each container's). */
export const procNs = fixtureJson("proc-ns.h1.json") as ProcNs;

/** Namespace data of container c1..c4. */
export function containerNs(name: string): ContainerNs {
  return procNs[name] as ContainerNs;
}

/** The full id of container c1..c4 from its inspect fixture. */
export function containerId(name: string): string {
  return (fixtureJson(`docker-container.h1-${name}.json`) as { Id: string }).Id;
}

const CONTAINERS = ["c1", "c2", "c3", "c4"] as const;
const PROC_STATUS: Record<string, string> = {
  c1: "proc-status.h1-c1.txt",
  c2: "proc-status.h1-c2.txt",
  c3: "proc-status.h1-c3-default.txt",
  c4: "proc-status.h1-c4-netadmin-pidhost.txt",
};
const CGROUP: Record<string, string> = {
  c1: "cgroup-v1.h1-c1.json",
  c2: "cgroup-v1.h1-c2.json",
  c3: "cgroup-v1.h1-c3-default.json",
  c4: "cgroup-v1.h1-c4-limits.json",
};

/** Inputs of lab host h1 as captured. */
export function labH1Inputs(): SnapshotInputs {
  const sysctl = fixtureJson("sysctl.h1.json") as Record<string, number | string>;
  const hostNs: NamespaceInput = {
    id: procNs.labHostNetInode,
    kind: "host",
    name: "host",
    owner: { netnsName: "sy-h1" },
    ipLink: available(fixture("ip-link-detail.h1.json")),
    ipAddr: available(fixture("ip-addr.h1.json")),
    ipRoute: available(fixture("ip-route.h1.json")),
  };
  const containerNamespaces: NamespaceInput[] = CONTAINERS.map((name) => ({
    id: containerNs(name).sandboxKeyInode,
    kind: "container",
    name,
    owner: { containerId: containerId(name), pid: containerNs(name).pid },
    ipLink: available(fixture(`ip-link-detail.h1-${name}.json`)),
    ipAddr: available(fixture(`ip-addr.h1-${name}.json`)),
    ipRoute: available(fixture(`ip-route.h1-${name}.json`)),
  }));
  const containers: ContainerInput[] = CONTAINERS.map((name) => ({
    inspect: fixtureJson(`docker-container.h1-${name}.json`),
    procStatus: available(fixture(PROC_STATUS[name] ?? "")),
    nsLinks: available(containerNs(name).ns),
    cgroupFiles: available(fixtureRecord(CGROUP[name] ?? "")),
  }));
  return {
    hostName: "sy-h1",
    agentVersion: "0.0.0-test",
    collectedAt: "2026-11-29T02:50:58.000Z",
    machineId: available(fixture("machine-id.txt")),
    kernelRelease: available(String(sysctl["kernel.osrelease"])),
    osRelease: available(fixture("os-release.txt")),
    ipForward: available(String(sysctl["h1.ip_forward"])),
    bridgeNfCallIptables: available(String(sysctl["h1.bridge-nf-call-iptables"])),
    hostNsLinks: available(procNs.self),
    namespaces: available([hostNs, ...containerNamespaces]),
    iptablesSave: available(fixture("iptables-save.h1.txt")),
    nftRuleset: available(fixture("nft-ruleset.h1.json")),
    docker: available({
      version: fixtureJson("docker-version.h1.json"),
      networks: fixtureJson("docker-networks.h1.json"),
      containers,
      daemonJson: available("{}\n"),
      defaultsFile: available(fixture("etc-default-docker.debian.txt")),
      socketPaths: ["/run/sy-lab/h1/docker.sock"],
    }),
  };
}

/** Inputs of a host with nothing readable but its name: no root, no Docker, no iproute2. */
export function emptyHostInputs(): SnapshotInputs {
  const no = unavailable<never>("permission denied");
  return {
    hostName: "bare",
    agentVersion: "0.0.0-test",
    collectedAt: "2026-11-29T02:50:58.000Z",
    machineId: no,
    kernelRelease: no,
    osRelease: no,
    ipForward: no,
    bridgeNfCallIptables: unavailable("br_netfilter not loaded"),
    hostNsLinks: no,
    namespaces: no,
    iptablesSave: no,
    nftRuleset: unavailable("nft not installed"),
    docker: unavailable("docker socket /var/run/docker.sock: ENOENT"),
  };
}
