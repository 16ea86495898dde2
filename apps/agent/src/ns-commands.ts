// How the agent builds every command it spawns, as argv arrays (never a shell string). Pure, so
// the exact command lines are unit-tested. A command runs in one of three network namespaces:
// the agent's own (production), a named one under /var/run/netns (a lab host, `ip netns`), or
// one entered through a file (a container's SandboxKey, /proc/<pid>/ns/net).

/** Directory of named network namespaces (iproute2's NETNS_RUN_DIR). */
export const NETNS_RUN_DIR = "/var/run/netns";

/** The network namespace a command runs in. */
export type NsTarget = { kind: "self" } | { kind: "named"; name: string } | { kind: "path"; path: string };

export const SELF: NsTarget = { kind: "self" };

/** The nsfs file of a target (null for the agent's own namespace). */
export function nsFile(target: NsTarget): string | null {
  switch (target.kind) {
    case "self":
      return null;
    case "named":
      return `${NETNS_RUN_DIR}/${target.name}`;
    case "path":
      return target.path;
  }
}

/**
 * `ip ARGS` in the target: `ip -n NAME` for a named namespace (iproute2 enters it itself),
 * `nsenter --net=FILE ip` for one reached through a file.
 */
export function ipArgv(target: NsTarget, args: readonly string[]): [string, ...string[]] {
  switch (target.kind) {
    case "self":
      return ["ip", ...args];
    case "named":
      return ["ip", "-n", target.name, ...args];
    case "path":
      return ["nsenter", `--net=${target.path}`, "ip", ...args];
  }
}

/**
 * Any other program in the target's network namespace: `nsenter --net=FILE` (not
 * `ip netns exec`, which remounts /sys and hides the cgroup mounts).
 */
export function inNamespace(target: NsTarget, argv: readonly [string, ...string[]]): [string, ...string[]] {
  const file = nsFile(target);
  return file === null ? [...argv] : ["nsenter", `--net=${file}`, ...argv];
}

/** `iptables -w ARGS` (always -w: wait for the xtables lock instead of failing). */
export function iptablesArgv(target: NsTarget, args: readonly string[]): [string, ...string[]] {
  return inNamespace(target, ["iptables", "-w", ...args]);
}

/** The whole iptables dump (every table; iptables-save takes no lock and has no -w). */
export function iptablesSaveArgv(target: NsTarget): [string, ...string[]] {
  return inNamespace(target, ["iptables-save"]);
}

/** The native nftables ruleset as JSON. */
export function nftRulesetArgv(target: NsTarget): [string, ...string[]] {
  return inNamespace(target, ["nft", "-j", "list", "ruleset"]);
}

/** Reads files with `cat` inside the target (sysctls under /proc/sys/net are per namespace of the reader). */
export function catArgv(target: NsTarget, file: string): [string, ...string[]] {
  return inNamespace(target, ["cat", file]);
}

/** The three per-namespace dumps: links with details, addresses, routes of the main table. */
type Argv = [string, ...string[]];

export function ipDumpArgvs(target: NsTarget): { link: Argv; addr: Argv; route: Argv } {
  return {
    link: ipArgv(target, ["-json", "-d", "link", "show"]),
    addr: ipArgv(target, ["-json", "addr", "show"]),
    route: ipArgv(target, ["-json", "route", "show"]),
  };
}

/** `ip monitor` for change detection: one timestamped line per event (-json is ignored by iproute2 6.1). */
export function ipMonitorArgv(target: NsTarget): [string, ...string[]] {
  return ipArgv(target, ["-o", "-ts", "monitor", "link", "address", "route"]);
}

/** `nft monitor ruleset`: one line per nftables change, iptables-nft's rules included (legacy iptables has no events). */
export function nftMonitorArgv(target: NsTarget): [string, ...string[]] {
  return inNamespace(target, ["nft", "monitor", "ruleset"]);
}
