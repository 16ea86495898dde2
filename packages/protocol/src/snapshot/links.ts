// Point-to-point links: veth pairs whose two ends sit in two different namespaces and are no
// bridge's port, with the addresses on each end and the routes that point at the other end
// (the seed's 13 steps end in exactly this shape).
import { z } from "zod";
import { Name, NamespaceId } from "../common.ts";

/** One end of a point-to-point link. */
export const LinkEnd = z.object({
  /** Namespace of this end. */
  namespaceId: NamespaceId,
  /** Interface name ("A"). */
  ifname: Name,
  /** Its ifindex in that namespace. */
  ifindex: z.int().nonnegative(),
  /** Administratively up. */
  up: z.boolean(),
  /** Its addresses as CIDRs ("10.1.1.1/32"); IPv6 link-local addresses are left out. */
  addresses: z.array(z.string().max(64)),
});
export type LinkEnd = z.infer<typeof LinkEnd>;

/** A route on one end that leads to the other end. */
export const LinkRoute = z.object({
  /** Namespace holding the route. */
  namespaceId: NamespaceId,
  /** Its destination CIDR ("10.1.1.2/32"). */
  dst: z.string().max(64),
  /** Its device (the link's end in that namespace). */
  dev: Name,
});
export type LinkRoute = z.infer<typeof LinkRoute>;

/** A point-to-point link. Ends are ordered by (namespaceId, ifindex) so the same link always reads the same. */
export const P2pLink = z.object({
  /** The end with the smaller (namespaceId, ifindex). */
  a: LinkEnd,
  /** The other end. */
  b: LinkEnd,
  /** Routes via either end whose destination covers an address of the other end. */
  routes: z.array(LinkRoute),
  /** True when both ends are up, have an address, and route to the other's address. */
  complete: z.boolean(),
});
export type P2pLink = z.infer<typeof P2pLink>;
