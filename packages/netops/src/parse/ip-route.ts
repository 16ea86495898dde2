// `ip -json route show` (main table). iproute2 prints "default" for 0.0.0.0/0 and a bare
// address for a host route ("10.1.1.2", not "10.1.1.2/32"); both are normalised to CIDRs.
import type { Route } from "@switchyard/protocol";
import { z } from "zod";
import type { Result } from "../result.ts";
import { parseJsonWith } from "./json.ts";

const IpRouteJson = z.array(
  z.object({
    type: z.string().optional(),
    dst: z.string(),
    gateway: z.string().optional(),
    dev: z.string().optional(),
    protocol: z.string().optional(),
    scope: z.string().optional(),
    metric: z.int().nonnegative().optional(),
    prefsrc: z.string().optional(),
  }),
);

/** Options of parseIpRoute. */
export interface IpRouteOptions {
  /** Family of the listing (`ip -4` is the default, `ip -6` gives inet6). */
  family?: "inet" | "inet6";
}

/** Parses the stdout of `ip -json route show`. */
export function parseIpRoute(stdout: string, options: IpRouteOptions = {}): Result<Route[]> {
  const family = options.family ?? "inet";
  const parsed = parseJsonWith(stdout, IpRouteJson, "ip -json route");
  if (!parsed.ok) return parsed;
  return {
    ok: true,
    value: parsed.value.map((route) => ({
      family,
      dst: normaliseDst(route.dst, family),
      gateway: route.gateway ?? null,
      dev: route.dev ?? null,
      protocol: route.protocol ?? null,
      scope: route.scope ?? null,
      metric: route.metric ?? null,
      prefsrc: route.prefsrc ?? null,
      type: route.type && route.type !== "unicast" ? route.type : null,
    })),
  };
}

/** "default" → 0.0.0.0/0 (::/0); a bare address → /32 (/128); a CIDR stays as it is. */
export function normaliseDst(dst: string, family: "inet" | "inet6"): string {
  if (dst === "default") return family === "inet" ? "0.0.0.0/0" : "::/0";
  if (dst.includes("/")) return dst;
  return `${dst}/${family === "inet" ? 32 : 128}`;
}
