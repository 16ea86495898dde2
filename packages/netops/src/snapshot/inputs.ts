// What the agent's collectors hand to buildSnapshot: raw command output and file contents,
// untouched. Collectors only run commands (one dump per object type) and read files; every
// interpretation happens in netops, where it is tested against real captured output.
// Anything a collector could not get is `{available: false, reason}`, and the part of the
// snapshot built from it is unavailable with the same reason.
import type { Available, NamespaceKind, NamespaceOwner } from "@switchyard/protocol";

/** One network namespace to report. */
export interface NamespaceInput {
  /** Inode of the namespace (`stat -L` of its nsfs file, or the number in `readlink /proc/<pid>/ns/net`). */
  id: number;
  /** What it is. Exactly one input should be the host's. */
  kind: NamespaceKind;
  /** Human name: "host", the container's name, the netns name, "pid 1234 (comm)". */
  name: string;
  /** Who holds it. */
  owner: NamespaceOwner;
  /** stdout of `ip -json -d link show` inside it. */
  ipLink: Available<string>;
  /** stdout of `ip -json addr show` inside it. */
  ipAddr: Available<string>;
  /** stdout of `ip -json route show` inside it. */
  ipRoute: Available<string>;
}

/** One container, inspected. */
export interface ContainerInput {
  /** JSON of `GET /containers/{id}/json` (text or parsed). */
  inspect: unknown;
  /** Text of /proc/<pid>/status of its init process. */
  procStatus: Available<string>;
  /** `readlink` of each /proc/<pid>/ns/<type>, keyed by type ("net" → "net:[4026532250]"). */
  nsLinks: Available<Record<string, string>>;
  /** Contents of its cgroup limit files, keyed by file name ("memory.limit_in_bytes" → "67108864\n"). */
  cgroupFiles: Available<Record<string, string>>;
}

/** What was read from Docker. */
export interface DockerInput {
  /** JSON of `GET /version`. */
  version: unknown;
  /** JSON of `GET /networks`. */
  networks: unknown;
  /** Every container of `GET /containers/json?all=1`, inspected. */
  containers: ContainerInput[];
  /** Text of daemon.json; null when the file does not exist (Docker's defaults apply). */
  daemonJson: Available<string | null>;
  /** Text of /etc/default/docker (DOCKER_OPTS); null when the file does not exist. */
  defaultsFile: Available<string | null>;
  /** Paths of this Docker's sockets, to recognise one mounted into a container (/var/run/docker.sock is always checked). */
  socketPaths: string[];
}

/** Everything buildSnapshot needs. */
export interface SnapshotInputs {
  /** Host name to report (config, or the kernel's). */
  hostName: string;
  /** The agent's version. */
  agentVersion: string;
  /** When collection started (ISO 8601). */
  collectedAt: string;
  /** Text of /etc/machine-id. */
  machineId: Available<string>;
  /** Text of /proc/sys/kernel/osrelease. */
  kernelRelease: Available<string>;
  /** Text of /etc/os-release. */
  osRelease: Available<string>;
  /** Text of /proc/sys/net/ipv4/ip_forward, read inside the host's network namespace. */
  ipForward: Available<string>;
  /** Text of /proc/sys/net/bridge/bridge-nf-call-iptables; unavailable when br_netfilter is not loaded. */
  bridgeNfCallIptables: Available<string>;
  /** `readlink` of the host's reference namespaces (/proc/1/ns/*, or the agent's own when /proc/1 is unreadable), by type. */
  hostNsLinks: Available<Record<string, string>>;
  /** The namespaces to report, the host's included. */
  namespaces: Available<NamespaceInput[]>;
  /** stdout of `iptables-save` in the host's namespace. */
  iptablesSave: Available<string>;
  /** stdout of `nft -j list ruleset`; unavailable without nft. */
  nftRuleset: Available<string>;
  /** What was read from Docker; unavailable without Docker. */
  docker: Available<DockerInput>;
}
