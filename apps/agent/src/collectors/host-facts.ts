// Host facts: name, machine id, kernel, OS, the forwarding sysctls and the host's reference
// namespace links. The sysctls under /proc/sys/net belong to the reader's network namespace, so
// for a lab host they are read by `cat` run inside it (nsenter), in production directly.
import { hostname } from "node:os";
import { type Available, unavailable } from "@switchyard/protocol";
import { catArgv } from "../ns-commands.ts";
import type { CollectContext } from "./context.ts";
import { readNsLinks, readText } from "./files.ts";
import { runText } from "./run-text.ts";

const IP_FORWARD = "/proc/sys/net/ipv4/ip_forward";
const BRIDGE_NF = "/proc/sys/net/bridge/bridge-nf-call-iptables";

export interface HostFactsInput {
  hostName: string;
  machineId: Available<string>;
  kernelRelease: Available<string>;
  osRelease: Available<string>;
  ipForward: Available<string>;
  bridgeNfCallIptables: Available<string>;
  hostNsLinks: Available<Record<string, string>>;
}

/** The host name to report: the configured one, else the kernel's. */
export function reportedHostName(ctx: Pick<CollectContext, "config">): string {
  return ctx.config.hostName ?? hostname();
}

async function hostSysctl(ctx: CollectContext, file: string): Promise<Available<string>> {
  return ctx.host.kind === "self" ? readText(file) : runText(ctx, catArgv(ctx.host, file));
}

export async function collectHostFacts(ctx: CollectContext): Promise<HostFactsInput> {
  const [machineId, kernelRelease, osRelease, osReleaseLib, ipForward, bridgeNf, initNs, selfNs] =
    await Promise.all([
      readText("/etc/machine-id"),
      readText("/proc/sys/kernel/osrelease"),
      readText("/etc/os-release"),
      readText("/usr/lib/os-release"),
      hostSysctl(ctx, IP_FORWARD),
      hostSysctl(ctx, BRIDGE_NF),
      readNsLinks("/proc/1/ns"),
      readNsLinks("/proc/self/ns"),
    ]);
  return {
    hostName: reportedHostName(ctx),
    machineId,
    kernelRelease,
    osRelease: osRelease.available ? osRelease : osReleaseLib,
    ipForward,
    // The file exists only while br_netfilter is loaded; say so rather than a bare ENOENT.
    bridgeNfCallIptables: bridgeNf.available
      ? bridgeNf
      : unavailable(`br_netfilter not loaded or unreadable (${bridgeNf.reason})`),
    // The machine's init namespaces; /proc/1/ns is unreadable in some sandboxes even as root,
    // then the agent's own (it runs in the init namespaces but for the lab's net namespace).
    hostNsLinks: initNs.available ? initNs : selfNs,
  };
}

/** /proc/sys/kernel/random/boot_id: changes when the host reboots. */
export async function readBootId(): Promise<string> {
  const id = await readText("/proc/sys/kernel/random/boot_id");
  return id.available && id.value.trim() !== "" ? id.value.trim().slice(0, 64) : "unknown";
}
