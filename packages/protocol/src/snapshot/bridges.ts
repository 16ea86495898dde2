// Linux bridges and what each of their ports leads to (derived from the namespaces section).
import { z } from "zod";
import { Name, NamespaceId } from "../common.ts";
import { InterfaceAddress } from "./namespaces.ts";

/** Where a bridge port leads. */
export const PortLeadsTo = z.object({
  /**
   * `container`: a veth whose other end is in a container's namespace; `namespace`: in a named or
   * process namespace; `host`: in the host's namespace; `device`: the port is not a veth (a NIC,
   * a vxlan, ...) and leads out of the host; `unknown`: a veth whose other end was not found.
   */
  kind: z.enum(["container", "namespace", "host", "device", "unknown"]),
  /** Namespace of the far end; null for `device` and `unknown`. */
  namespaceId: NamespaceId.nullable(),
  /** The container's id for `container`; null otherwise. */
  id: z.string().max(128).nullable(),
  /** The container's or namespace's name, or the device's name; null for `unknown`. */
  name: Name.nullable(),
  /** The interface at the far end ("eth0" in the container); null for `device` and `unknown`. */
  ifname: Name.nullable(),
});
export type PortLeadsTo = z.infer<typeof PortLeadsTo>;

/** A port of a bridge. */
export const BridgePort = z.object({
  /** The port's interface name in the bridge's namespace ("veth9a6b86a"). */
  ifname: Name,
  /** Its ifindex in the bridge's namespace. */
  ifindex: z.int().nonnegative(),
  /** Its operational state, lower case. */
  state: z.string().max(32),
  /** What is at the other end. */
  leadsTo: PortLeadsTo,
});
export type BridgePort = z.infer<typeof BridgePort>;

/** A Linux bridge. */
export const Bridge = z.object({
  /** Namespace the bridge lives in. */
  namespaceId: NamespaceId,
  /** Bridge name ("docker0", "br-e30d00e49f23", "bridge0"). */
  name: Name,
  /** Its ifindex in that namespace. */
  ifindex: z.int().nonnegative(),
  /** MTU in bytes (a bridge follows the smallest MTU of its ports). */
  mtu: z.int().nonnegative(),
  /** Operational state, lower case. */
  state: z.string().max(32),
  /** Addresses on the bridge (the gateway of the subnet behind it). */
  addresses: z.array(InterfaceAddress),
  /** The Docker network this bridge implements, when Docker reports one; null for bridges Docker does not own. */
  dockerNetwork: z
    .object({
      /** Docker's network id. */
      id: z.string().max(128),
      /** Docker's network name ("bridge", "labnet"). */
      name: Name,
    })
    .nullable(),
  /** Its ports. */
  ports: z.array(BridgePort),
});
export type Bridge = z.infer<typeof Bridge>;
