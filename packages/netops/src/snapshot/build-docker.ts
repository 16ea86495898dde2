// The Docker section of a snapshot: version, daemon options (configured from daemon.json and
// DOCKER_OPTS, effective from the default bridge network), networks, and containers with their
// isolation posture (namespaces from /proc, cgroup limits, capabilities, privileged, socket).
import {
  type Available,
  available,
  type Capabilities,
  type ContainerPosture,
  type DaemonConfigured,
  type DaemonEffective,
  type Docker,
  type DockerContainer,
  type DockerNetwork,
  type NetworkNamespace,
  unavailable,
} from "@switchyard/protocol";
import { compareToDockerDefault, decodeCapabilities } from "../derive/capabilities.ts";
import { namespaceSharing } from "../derive/ns-sharing.ts";
import { parseCgroupLimits } from "../parse/cgroup-limits.ts";
import { mergeDaemonConfig, parseDaemonJson, parseDockerOpts } from "../parse/daemon-config.ts";
import {
  type DockerContainerInspect,
  type DockerNetworkInspect,
  parseDockerContainerInspect,
  parseDockerNetworkList,
  parseDockerVersion,
} from "../parse/docker-engine.ts";
import { type NamespaceInodes, parseNsLinks } from "../parse/proc-ns.ts";
import { parseProcStatus } from "../parse/proc-status.ts";
import { cidrHasAddress, parseIpv4Address, parseIpv4Cidr } from "../validate/ipv4-cidr.ts";
import { chain, fromResult, resultValue } from "./available-helpers.ts";
import type { ContainerInput, DockerInput } from "./inputs.ts";

/** What the Docker section needs to know about the host. */
export interface HostNamespaces {
  /** The host's reference namespace inodes (machine init namespaces); null when unreadable. */
  inodes: NamespaceInodes | null;
  /** The host's network namespace inode (the lab host's, in a lab). */
  netInode: number | null;
  /** The host's network namespace as built, for the default bridge's address. */
  ns: NetworkNamespace | undefined;
}

/** Builds the Docker section from what was read from the Engine API, /proc and the config files. */
export function buildDocker(input: DockerInput, host: HostNamespaces): Available<Docker> {
  const version = parseDockerVersion(input.version);
  if (!version.ok) return unavailable(version.error);
  const networks = parseDockerNetworkList(input.networks);
  if (!networks.ok) return unavailable(networks.error);
  const containers: DockerContainer[] = [];
  for (const container of input.containers) {
    const inspect = parseDockerContainerInspect(container.inspect);
    // A container that could not be inspected (it was removed between list and inspect) is
    // left out: it no longer exists.
    if (inspect.ok) containers.push(buildContainer(inspect.value, container, input, host));
  }
  return available({
    version: version.value.version,
    apiVersion: version.value.apiVersion,
    daemonConfigured: buildDaemonConfigured(input),
    daemonEffective: buildDaemonEffective(networks.value, host.ns),
    networks: networks.value.map(toDockerNetwork).sort((a, b) => a.name.localeCompare(b.name)),
    containers: containers.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id)),
  });
}

function buildDaemonConfigured(input: DockerInput): Available<DaemonConfigured> {
  if (!input.daemonJson.available) return unavailable(`daemon.json: ${input.daemonJson.reason}`);
  if (!input.defaultsFile.available) return unavailable(`/etc/default/docker: ${input.defaultsFile.reason}`);
  const json = input.daemonJson.value;
  const defaults = input.defaultsFile.value;
  return available(
    mergeDaemonConfig(
      json === null ? null : parseDaemonJson(json),
      defaults === null ? null : parseDockerOpts(defaults),
    ),
  );
}

const OPT = "com.docker.network.bridge.";

function buildDaemonEffective(
  networks: readonly DockerNetworkInspect[],
  hostNs: NetworkNamespace | undefined,
): Available<DaemonEffective> {
  const bridge =
    networks.find((n) => n.options[`${OPT}default_bridge`] === "true") ??
    networks.find((n) => n.name === "bridge");
  if (bridge?.driver !== "bridge") return unavailable("Docker has no default bridge network (bridge: none?)");
  const network = toDockerNetwork(bridge);
  const ipv4 = bridge.subnets.find((s) => s.subnet.includes("."));
  const bridgeName = network.bridgeName ?? "docker0";
  return available({
    networkId: bridge.id,
    bridgeName,
    subnet: ipv4?.subnet ?? null,
    gateway: ipv4?.gateway ?? bridgeGateway(hostNs, bridgeName, ipv4?.subnet ?? null),
    ipRange: ipv4?.ipRange ?? null,
    icc: network.icc ?? true,
    masquerade: network.masquerade ?? true,
    mtu: network.mtu,
    hostBindingIpv4: bridge.options[`${OPT}host_binding_ipv4`] ?? null,
  });
}

// Docker 20.10 leaves the default bridge's IPAM gateway empty unless --default-gateway was set:
// the gateway is the bridge's own IPv4 address inside the subnet.
function bridgeGateway(
  hostNs: NetworkNamespace | undefined,
  bridgeName: string,
  subnet: string | null,
): string | null {
  if (!hostNs?.interfaces.available || subnet === null) return null;
  const cidr = parseIpv4Cidr(subnet);
  const bridge = hostNs.interfaces.value.find((i) => i.name === bridgeName);
  const address = bridge?.addresses.find((a) => {
    const parsed = parseIpv4Address(a.address);
    return a.family === "inet" && cidr.ok && parsed.ok && cidrHasAddress(cidr.value, parsed.value);
  });
  return address?.address ?? null;
}

function toDockerNetwork(n: DockerNetworkInspect): DockerNetwork {
  const isBridge = n.driver === "bridge";
  const mtu = n.options["com.docker.network.driver.mtu"];
  return {
    id: n.id,
    name: n.name,
    driver: n.driver,
    scope: n.scope,
    internal: n.internal,
    subnets: n.subnets,
    // Docker names a user network's bridge br-<first 12 of the id> unless the option says otherwise.
    bridgeName: isBridge ? (n.options[`${OPT}name`] ?? `br-${n.id.slice(0, 12)}`) : null,
    // Both options default to true when absent (a user network created without -o).
    icc: isBridge ? n.options[`${OPT}enable_icc`] !== "false" : null,
    masquerade: isBridge ? n.options[`${OPT}enable_ip_masquerade`] !== "false" : null,
    mtu: mtu !== undefined && /^[0-9]{1,5}$/.test(mtu) ? Number(mtu) : null,
  };
}

function buildContainer(
  c: DockerContainerInspect,
  input: ContainerInput,
  docker: DockerInput,
  host: HostNamespaces,
): DockerContainer {
  const running = c.pid !== null && c.state === "running";
  const inodes = running && input.nsLinks.available ? resultValue(parseNsLinks(input.nsLinks.value)) : null;
  return {
    id: c.id,
    name: c.name,
    image: c.image,
    state: c.state,
    pid: c.pid,
    startedAt: c.startedAt,
    sandboxKey: c.sandboxKey,
    networkMode: c.networkMode,
    namespaceId: inodes?.net ?? null,
    addresses: c.networks
      .filter((n) => n.address !== "")
      .map((n) => ({
        network: n.name,
        address: n.address,
        prefixLength: n.prefixLength,
        gateway: n.gateway || null,
        mac: n.mac || null,
      }))
      .sort((a, b) => a.network.localeCompare(b.network)),
    posture: running
      ? available(buildPosture(c, input, docker, host))
      : unavailable(`container is ${c.state}, not running`),
  };
}

const DEFAULT_SOCKETS = ["/var/run/docker.sock", "/run/docker.sock"];

function buildPosture(
  c: DockerContainerInspect,
  input: ContainerInput,
  docker: DockerInput,
  host: HostNamespaces,
): ContainerPosture {
  const sockets = new Set([...DEFAULT_SOCKETS, ...docker.socketPaths]);
  return {
    namespaces: chain(input.nsLinks, (links) => {
      const inodes = parseNsLinks(links);
      return inodes.ok
        ? available(namespaceSharing(inodes.value, host.inodes, host.netInode))
        : unavailable(inodes.error);
    }),
    cgroup: chain(input.cgroupFiles, (files) => fromResult(parseCgroupLimits(files))),
    capabilities: chain(input.procStatus, (text): Available<Capabilities> => {
      const status = parseProcStatus(text);
      if (!status.ok) return unavailable(status.error);
      if (status.value.capEff === null) return unavailable("/proc/<pid>/status has no CapEff");
      const effective = decodeCapabilities(status.value.capEff);
      const diff = compareToDockerDefault(effective);
      return available({
        effective,
        bounding: status.value.capBnd === null ? null : decodeCapabilities(status.value.capBnd),
        addedToDockerDefault: diff.added,
        droppedFromDockerDefault: diff.dropped,
      });
    }),
    privileged: c.privileged,
    dockerSocketMounted: c.mounts.some((m) => sockets.has(m.source) || sockets.has(m.destination)),
  };
}
