// Network namespaces with their interfaces, addresses and routes, as `ip -json` shows them,
// with veth peers resolved across namespaces.
import { z } from "zod";
import { availableSchema } from "../available.ts";
import { Name, NamespaceId } from "../common.ts";

/** What a namespace is: the host's own, a container's, a named one (`ip netns`), or one only a process holds. */
export const NamespaceKind = z.enum(["host", "container", "named", "process"]);
export type NamespaceKind = z.infer<typeof NamespaceKind>;

/** Who holds a namespace. Fields that do not apply are absent. */
export const NamespaceOwner = z.object({
  /** Full id of the Docker container whose network namespace this is. */
  containerId: z.string().max(128).optional(),
  /** A process in the namespace (the container's init, or the process that holds an unnamed one). */
  pid: z.int().positive().optional(),
  /** Name under /run/netns for a named namespace. */
  netnsName: Name.optional(),
});
export type NamespaceOwner = z.infer<typeof NamespaceOwner>;

/** An address on an interface. */
export const InterfaceAddress = z.object({
  /** Address family as iproute2 names it. */
  family: z.enum(["inet", "inet6"]),
  /** The address without its prefix ("10.1.1.1"). */
  address: z.string().max(64),
  /** Prefix length (32 for the seed's point-to-point addresses). */
  prefixLength: z.int().min(0).max(128),
  /** Scope as iproute2 prints it ("global", "link", "host"), null when absent. */
  scope: z.string().max(32).nullable(),
});
export type InterfaceAddress = z.infer<typeof InterfaceAddress>;

/** Kind of an interface, from `ip -d link`'s `linkinfo.info_kind`; `device` is a real NIC (no kind). */
export const InterfaceKind = z.enum([
  "loopback",
  "veth",
  "bridge",
  "device",
  "vlan",
  "macvlan",
  "ipvlan",
  "vxlan",
  "bond",
  "dummy",
  "tun",
  "wireguard",
  "other",
]);
export type InterfaceKind = z.infer<typeof InterfaceKind>;

/** The other end of a veth pair. */
export const VethPeer = z.object({
  /** Namespace of the other end; null when it could not be resolved unambiguously (never guessed). */
  namespaceId: NamespaceId.nullable(),
  /** The other end's ifindex, in its own namespace (always known from the kernel). */
  ifindex: z.int().nonnegative(),
  /** The other end's name; null when its namespace is unknown. */
  name: Name.nullable(),
});
export type VethPeer = z.infer<typeof VethPeer>;

/** A network interface in one namespace. */
export const NetworkInterface = z.object({
  /** Interface index, unique only within its namespace. */
  ifindex: z.int().nonnegative(),
  /** Interface name ("eth0", "docker0", "A"). */
  name: Name,
  /** Kind, normalised (see InterfaceKind). */
  kind: InterfaceKind,
  /** The kernel's link kind as reported (`info_kind`: "veth", "bridge", "vxlan", ...), null for real devices. */
  driver: z.string().max(64).nullable(),
  /** MTU in bytes. */
  mtu: z.int().nonnegative(),
  /** Operational state, lower case ("up", "down", "unknown", "lowerlayerdown"). */
  state: z.string().max(32),
  /** Administratively up (the UP flag), whatever the carrier. */
  up: z.boolean(),
  /** MAC address; null for interfaces without one. */
  mac: z.string().max(64).nullable(),
  /** The bridge (or bond) this interface is a port of, by name in the same namespace; null if none. */
  master: Name.nullable(),
  /** For a veth, its other end; null for other kinds. */
  peer: VethPeer.nullable(),
  /** Addresses on the interface (IPv4 and IPv6). */
  addresses: z.array(InterfaceAddress),
});
export type NetworkInterface = z.infer<typeof NetworkInterface>;

/** A route in a namespace's main table. */
export const Route = z.object({
  /** Address family. */
  family: z.enum(["inet", "inet6"]),
  /** Destination as a CIDR; `default` is written 0.0.0.0/0 (or ::/0) and a bare host address gets /32 (/128). */
  dst: z.string().max(64),
  /** Next hop, null for directly connected routes. */
  gateway: z.string().max(64).nullable(),
  /** Outgoing interface, null when the route has none (blackhole, unreachable). */
  dev: Name.nullable(),
  /** Who installed it ("kernel", "boot", "static", "dhcp"); null when iproute2 prints none (boot). */
  protocol: z.string().max(32).nullable(),
  /** Route scope ("link", "host"); null means universe (global). */
  scope: z.string().max(32).nullable(),
  /** Metric (priority); null when unset. */
  metric: z.int().nonnegative().nullable(),
  /** Preferred source address, null when unset. */
  prefsrc: z.string().max(64).nullable(),
  /** Route type when not plain unicast ("blackhole", "unreachable", "local"); null for unicast. */
  type: z.string().max(32).nullable(),
});
export type Route = z.infer<typeof Route>;

/** A network namespace. */
export const NetworkNamespace = z.object({
  /** Inode of the namespace; the id other parts of the snapshot refer to. */
  id: NamespaceId,
  /** What the namespace is. */
  kind: NamespaceKind,
  /** Human name: "host", the container's name, the netns name, or "pid 1234 (comm)". */
  name: Name,
  /** Who holds it. */
  owner: NamespaceOwner,
  /** Interfaces with their addresses (`ip -json -d link` + `ip -json addr`). */
  interfaces: availableSchema(z.array(NetworkInterface)),
  /** Routes of the main table (`ip -json route`). */
  routes: availableSchema(z.array(Route)),
});
export type NetworkNamespace = z.infer<typeof NetworkNamespace>;
