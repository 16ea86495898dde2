// Host facts of the snapshot model: who the host is and its kernel-wide forwarding switches.
import { z } from "zod";
import { availableSchema } from "../available.ts";
import { Timestamp } from "../common.ts";

/** The operating system, from /etc/os-release. */
export const OsRelease = z.object({
  /** `ID` ("debian"). */
  id: z.string().max(64).nullable(),
  /** `VERSION_ID` ("12"). */
  versionId: z.string().max(64).nullable(),
  /** `PRETTY_NAME` ("Debian GNU/Linux 12 (bookworm)"). */
  prettyName: z.string().max(256).nullable(),
});
export type OsRelease = z.infer<typeof OsRelease>;

/** Facts about the host as a whole. */
export const HostFacts = z.object({
  /** The host's name: from the agent's config when set (a lab passes `sy-h1`), else the kernel hostname. */
  hostName: z.string().min(1).max(253),
  /** /etc/machine-id. Lab hosts share the machine's, so it is informative, never an identity. */
  machineId: availableSchema(z.string().max(64)),
  /** Kernel release (`uname -r`, /proc/sys/kernel/osrelease). */
  kernel: availableSchema(z.string().max(256)),
  /** Operating system from /etc/os-release. */
  os: availableSchema(OsRelease),
  /** Version of the agent that collected this snapshot. */
  agentVersion: z.string().max(64),
  /** net.ipv4.ip_forward in the host's network namespace (true = the host routes between interfaces). */
  ipForward: availableSchema(z.boolean()),
  /**
   * net.bridge.bridge-nf-call-iptables in the host's namespace. Unavailable when br_netfilter is
   * not loaded; then bridged traffic skips iptables, so icc=false and bridge isolation do nothing.
   */
  bridgeNfCallIptables: availableSchema(z.boolean()),
  /** When collection of this snapshot started. Volatile: excluded from the snapshot hash. */
  collectedAt: Timestamp,
});
export type HostFacts = z.infer<typeof HostFacts>;
