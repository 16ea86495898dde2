// `ip -json [-d] link show` (iproute2 6.1). With -d, `linkinfo.info_kind` names the kind (veth,
// bridge, ...) and `info_slave_kind` the master's kind; without it the kind must be guessed.
// How a veth shows its other end (captured in the lab, see __fixtures__/README.md):
//   - other end in the same namespace: `"link": "<peer name>"`, no link_index;
//   - other end in another namespace: `"link_index": <peer ifindex there>` and
//     `"link_netnsid": <id of that namespace as this namespace numbers it>`.
// The netnsid is local to the namespace that printed it; it is not a global id.
import { z } from "zod";
import type { Result } from "../result.ts";
import { parseJsonWith } from "./json.ts";

/** One link as netops uses it. */
export interface IpLink {
  /** Interface index in this namespace. */
  ifindex: number;
  /** Interface name ("A", without the "@if2" that plain `ip link` appends). */
  ifname: string;
  /** Flags ("UP", "LOWER_UP", "LOOPBACK", ...). */
  flags: string[];
  /** MTU. */
  mtu: number;
  /** Operational state as printed ("UP", "DOWN", "UNKNOWN", "LOWERLAYERDOWN"). */
  operstate: string;
  /** Link layer type ("ether", "loopback", "none"). */
  linkType: string | null;
  /** Link layer address. */
  mac: string | null;
  /** Master device (bridge or bond) by name. */
  master: string | null;
  /** `info_kind` from -d ("veth", "bridge", "vxlan"); null without -d or for real devices. */
  kind: string | null;
  /** `info_slave_kind` from -d ("bridge" for a bridge port). */
  slaveKind: string | null;
  /** `link`: the lower/peer device's name when it is in the same namespace (veth peer, vlan parent). */
  linkName: string | null;
  /** `link_index`: the lower/peer device's ifindex when it is in another namespace. */
  linkIndex: number | null;
  /** `link_netnsid`: that other namespace, as this namespace numbers it. */
  linkNetnsId: number | null;
}

const IpLinkJson = z.array(
  z.object({
    ifindex: z.int().nonnegative(),
    ifname: z.string(),
    flags: z.array(z.string()).optional(),
    mtu: z.int().nonnegative().optional(),
    operstate: z.string().optional(),
    link_type: z.string().optional(),
    address: z.string().optional(),
    master: z.string().optional(),
    link: z.string().nullable().optional(),
    link_index: z.int().nonnegative().optional(),
    link_netnsid: z.int().optional(),
    linkinfo: z
      .object({
        info_kind: z.string().optional(),
        info_slave_kind: z.string().optional(),
      })
      .optional(),
  }),
);

/** Parses the stdout of `ip -json [-d] link show`. */
export function parseIpLink(stdout: string): Result<IpLink[]> {
  const parsed = parseJsonWith(stdout, IpLinkJson, "ip -json link");
  if (!parsed.ok) return parsed;
  return {
    ok: true,
    value: parsed.value.map((link) => ({
      ifindex: link.ifindex,
      ifname: link.ifname,
      flags: link.flags ?? [],
      mtu: link.mtu ?? 0,
      operstate: link.operstate ?? "UNKNOWN",
      linkType: link.link_type ?? null,
      mac: link.address ?? null,
      master: link.master ?? null,
      kind: link.linkinfo?.info_kind ?? null,
      slaveKind: link.linkinfo?.info_slave_kind ?? null,
      linkName: link.link ?? null,
      linkIndex: link.link_index ?? null,
      // A negative netnsid (-1, NETNSA_NSID_NOT_ASSIGNED) means "not numbered": treat as unknown.
      linkNetnsId: link.link_netnsid !== undefined && link.link_netnsid >= 0 ? link.link_netnsid : null,
    })),
  };
}
