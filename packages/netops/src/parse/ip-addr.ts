// `ip -json addr show`: addresses per interface. Lifetimes and flags are dropped: they change
// on their own and are not state an operator sets.
import type { InterfaceAddress } from "@switchyard/protocol";
import { z } from "zod";
import type { Result } from "../result.ts";
import { parseJsonWith } from "./json.ts";

/** The addresses of one interface. */
export interface IpAddrEntry {
  /** Interface index. */
  ifindex: number;
  /** Interface name. */
  ifname: string;
  /** Its IPv4 and IPv6 addresses, in the order printed. */
  addresses: InterfaceAddress[];
}

const IpAddrJson = z.array(
  z.object({
    ifindex: z.int().nonnegative(),
    ifname: z.string(),
    addr_info: z
      .array(
        z.object({
          family: z.string().optional(),
          local: z.string().optional(),
          prefixlen: z.int().min(0).max(128).optional(),
          scope: z.string().optional(),
        }),
      )
      .optional(),
  }),
);

/** Parses the stdout of `ip -json addr show`. */
export function parseIpAddr(stdout: string): Result<IpAddrEntry[]> {
  const parsed = parseJsonWith(stdout, IpAddrJson, "ip -json addr");
  if (!parsed.ok) return parsed;
  return {
    ok: true,
    value: parsed.value.map((entry) => ({
      ifindex: entry.ifindex,
      ifname: entry.ifname,
      addresses: (entry.addr_info ?? []).flatMap((info): InterfaceAddress[] => {
        if ((info.family !== "inet" && info.family !== "inet6") || info.local === undefined) return [];
        if (info.prefixlen === undefined) return [];
        return [
          {
            family: info.family,
            address: info.local,
            prefixLength: info.prefixlen,
            scope: info.scope ?? null,
          },
        ];
      }),
    })),
  };
}
