// The host snapshot model, version 1: everything an agent reports about one host, read from
// the kernel, iptables, Docker and /proc. Sections that could not be read are `Available`
// with a reason, never faked. The server stores the latest per host and a timeline of changes.
import { z } from "zod";
import { availableSchema } from "../available.ts";
import { Bridge } from "./bridges.ts";
import { Docker } from "./docker.ts";
import { HostFacts } from "./host.ts";
import { Iptables, Nftables } from "./iptables.ts";
import { P2pLink } from "./links.ts";
import { NetworkNamespace } from "./namespaces.ts";

/** Version of the snapshot model; bumped on a change an older reader would misread. */
export const SNAPSHOT_SCHEMA_VERSION = 1;

/** The sections of a snapshot; a delta replaces whole sections. */
export const snapshotSectionShape = {
  /** Host facts (name, kernel, ip_forward, br_netfilter). */
  host: HostFacts,
  /** Network namespaces: the host's, containers', named and process-held ones. */
  namespaces: availableSchema(z.array(NetworkNamespace)),
  /** Linux bridges in any namespace, with their ports. */
  bridges: availableSchema(z.array(Bridge)),
  /** iptables filter and nat in the host's namespace. */
  iptables: availableSchema(Iptables),
  /** Native nftables tables; unavailable without `nft`. */
  nftables: availableSchema(Nftables),
  /** The Docker daemon; unavailable without Docker. */
  docker: availableSchema(Docker),
  /** Point-to-point veth links between namespaces. */
  links: availableSchema(z.array(P2pLink)),
};

/** Names of the snapshot's sections. */
export const SNAPSHOT_SECTIONS = [
  "host",
  "namespaces",
  "bridges",
  "iptables",
  "nftables",
  "docker",
  "links",
] as const satisfies readonly (keyof typeof snapshotSectionShape)[];
export type SnapshotSection = (typeof SNAPSHOT_SECTIONS)[number];

/** A full host snapshot. */
export const HostSnapshot = z.object({
  /** Model version (1). */
  schemaVersion: z.literal(SNAPSHOT_SCHEMA_VERSION),
  ...snapshotSectionShape,
});
export type HostSnapshot = z.infer<typeof HostSnapshot>;

/** Some sections of a snapshot, each replacing the same section of the base in a delta. */
export const SnapshotSections = z
  .object(snapshotSectionShape)
  .partial()
  .refine((sections) => Object.values(sections).some((v) => v !== undefined), "at least one section");
export type SnapshotSections = z.infer<typeof SnapshotSections>;
