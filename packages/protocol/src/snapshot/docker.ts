// Docker as the Engine API reports it: daemon network options (configured and effective),
// networks and containers, each container with its isolation posture.
import { z } from "zod";
import { availableSchema } from "../available.ts";
import { Name, NamespaceId, Timestamp } from "../common.ts";
import { ContainerPosture } from "./posture.ts";

/** Where a configured daemon option came from. */
export const DaemonOptionSource = z.enum(["daemon.json", "DOCKER_OPTS"]);
export type DaemonOptionSource = z.infer<typeof DaemonOptionSource>;

/**
 * Daemon network options as configured in daemon.json and DOCKER_OPTS (/etc/default/docker).
 * Null means "not set" (Docker's default applies). Values of the right type are reported as
 * written, even invalid ones ("bip": "10.0.0.0/33"); values of the wrong type are null. Every
 * problem is listed in `problems`.
 */
export const DaemonConfigured = z.object({
  /** `bip` / `--bip`: the default bridge's address and prefix ("192.168.77.1/24"). */
  bip: z.string().max(64).nullable(),
  /** `fixed-cidr` / `--fixed-cidr`: the range container addresses are taken from. */
  fixedCidr: z.string().max(64).nullable(),
  /** `mtu` / `--mtu`: MTU of the default bridge's container interfaces. */
  mtu: z.int().nullable(),
  /** `icc` / `--icc`: inter-container traffic on the default bridge. */
  icc: z.boolean().nullable(),
  /** `ip-forward` / `--ip-forward`: Docker turns ip_forward on at start. */
  ipForward: z.boolean().nullable(),
  /** `iptables` / `--iptables`: Docker manages iptables rules. */
  iptables: z.boolean().nullable(),
  /** `ip-masq` / `--ip-masq`: MASQUERADE for the bridge's subnet. */
  ipMasq: z.boolean().nullable(),
  /** `bridge` / `-b`: use this existing bridge instead of docker0 ("none" disables it). */
  bridge: z.string().max(64).nullable(),
  /** `default-address-pools`: where user-defined networks take their subnets. */
  defaultAddressPools: z
    .array(
      z.object({
        /** The pool ("10.10.0.0/16"). */
        base: z.string().max(64),
        /** Prefix length of each network cut from it (24). */
        size: z.int(),
      }),
    )
    .nullable(),
  /** For each option set above (by its daemon.json key), which source set it. */
  sources: z.record(z.string(), DaemonOptionSource),
  /** Problems that would stop or confuse Docker: invalid JSON, wrong types, bad CIDRs, `bridge` with `bip`, a key set in both sources. */
  problems: z.array(z.string().max(1024)),
});
export type DaemonConfigured = z.infer<typeof DaemonConfigured>;

/** The default bridge network as Docker runs it (`GET /networks/bridge`). */
export const DaemonEffective = z.object({
  /** Docker's id of the network. */
  networkId: z.string().max(128),
  /** The Linux bridge ("docker0"). */
  bridgeName: Name,
  /** Its subnet ("172.17.0.0/16"). */
  subnet: z.string().max(64).nullable(),
  /** Its gateway: from IPAM, else the bridge's own address in the subnet (Docker 20.10 leaves IPAM's empty). */
  gateway: z.string().max(64).nullable(),
  /** The allocation range (fixed-cidr), null when the whole subnet. */
  ipRange: z.string().max(64).nullable(),
  /** Inter-container traffic allowed. */
  icc: z.boolean(),
  /** Docker masquerades the subnet. */
  masquerade: z.boolean(),
  /** MTU Docker gives container interfaces on it. */
  mtu: z.int().nullable(),
  /** Default host address for published ports ("0.0.0.0"). */
  hostBindingIpv4: z.string().max(64).nullable(),
});
export type DaemonEffective = z.infer<typeof DaemonEffective>;

/** A subnet of a Docker network. */
export const DockerSubnet = z.object({
  /** Subnet CIDR. */
  subnet: z.string().max(64),
  /** Gateway address, null when Docker did not report one. */
  gateway: z.string().max(64).nullable(),
  /** Allocation range inside the subnet, null when the whole subnet. */
  ipRange: z.string().max(64).nullable(),
});
export type DockerSubnet = z.infer<typeof DockerSubnet>;

/** A Docker network. */
export const DockerNetwork = z.object({
  /** Network id. */
  id: z.string().max(128),
  /** Network name ("bridge", "host", "none", "labnet"). */
  name: Name,
  /** Driver ("bridge", "host", "null", "overlay", "macvlan"). */
  driver: z.string().max(64),
  /** Scope ("local", "swarm"). */
  scope: z.string().max(32),
  /** Internal networks have no route out (no MASQUERADE). */
  internal: z.boolean(),
  /** Its IPv4/IPv6 subnets. */
  subnets: z.array(DockerSubnet),
  /** For the bridge driver, the Linux bridge behind it (option name or `br-<id[:12]>`); null otherwise. */
  bridgeName: Name.nullable(),
  /** For the bridge driver, whether inter-container traffic is allowed; null otherwise. */
  icc: z.boolean().nullable(),
  /** For the bridge driver, whether Docker masquerades it; null otherwise. */
  masquerade: z.boolean().nullable(),
  /** MTU option when set; null = Docker's default. */
  mtu: z.int().nullable(),
});
export type DockerNetwork = z.infer<typeof DockerNetwork>;

/** An address of a container on one network. */
export const ContainerAddress = z.object({
  /** Network name. */
  network: Name,
  /** IPv4 address. */
  address: z.string().max(64),
  /** Its prefix length. */
  prefixLength: z.int().min(0).max(128),
  /** Gateway on that network, null when none. */
  gateway: z.string().max(64).nullable(),
  /** MAC address of the container's interface, null when none. */
  mac: z.string().max(64).nullable(),
});
export type ContainerAddress = z.infer<typeof ContainerAddress>;

/** A container. */
export const DockerContainer = z.object({
  /** Full container id (64 hex). */
  id: z.string().max(128),
  /** Name without Docker's leading slash ("c1"). */
  name: Name,
  /** Image as the container was created from ("switchyard-lab/busybox:latest"). */
  image: z.string().max(512),
  /** State ("running", "exited", "created", "paused", "restarting", "dead"). */
  state: z.string().max(32),
  /** PID of its init process on the host; null when not running. Check with startedAt against PID reuse. */
  pid: z.int().positive().nullable(),
  /** When it was last started; null when never. */
  startedAt: Timestamp.nullable(),
  /** File naming its network namespace (`NetworkSettings.SandboxKey`); null when not running. */
  sandboxKey: z.string().max(4096).nullable(),
  /** `HostConfig.NetworkMode` ("default", "bridge", "none", "host", "container:<id>", a network name). */
  networkMode: z.string().max(256),
  /** The network namespace it runs in (an id in `namespaces`); null when unknown or not running. */
  namespaceId: NamespaceId.nullable(),
  /** Its addresses on Docker networks (not the ones added by hand). */
  addresses: z.array(ContainerAddress),
  /** Its isolation posture; unavailable when it is not running or /proc could not be read. */
  posture: availableSchema(ContainerPosture),
});
export type DockerContainer = z.infer<typeof DockerContainer>;

/** The Docker daemon of the host. */
export const Docker = z.object({
  /** Engine version ("20.10.24+dfsg1"). */
  version: z.string().max(64),
  /** Engine API version ("1.41"). */
  apiVersion: z.string().max(16),
  /** Network options as configured. */
  daemonConfigured: availableSchema(DaemonConfigured),
  /** The default bridge as Docker runs it; unavailable when there is none (`bridge: none`). */
  daemonEffective: availableSchema(DaemonEffective),
  /** Its networks. */
  networks: z.array(DockerNetwork),
  /** All containers, running or not. */
  containers: z.array(DockerContainer),
});
export type Docker = z.infer<typeof Docker>;
