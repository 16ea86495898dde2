// Linux capabilities: bit numbers to names (include/uapi/linux/capability.h; bit 40,
// CAP_CHECKPOINT_RESTORE, is the last one through Linux 6.18, whose cap_last_cap is 40), and
// Docker's default set for containers without --cap-add/--cap-drop.

/** Capability names by bit number. */
export const CAPABILITY_NAMES: readonly string[] = [
  "CAP_CHOWN",
  "CAP_DAC_OVERRIDE",
  "CAP_DAC_READ_SEARCH",
  "CAP_FOWNER",
  "CAP_FSETID",
  "CAP_KILL",
  "CAP_SETGID",
  "CAP_SETUID",
  "CAP_SETPCAP",
  "CAP_LINUX_IMMUTABLE",
  "CAP_NET_BIND_SERVICE",
  "CAP_NET_BROADCAST",
  "CAP_NET_ADMIN",
  "CAP_NET_RAW",
  "CAP_IPC_LOCK",
  "CAP_IPC_OWNER",
  "CAP_SYS_MODULE",
  "CAP_SYS_RAWIO",
  "CAP_SYS_CHROOT",
  "CAP_SYS_PTRACE",
  "CAP_SYS_PACCT",
  "CAP_SYS_ADMIN",
  "CAP_SYS_BOOT",
  "CAP_SYS_NICE",
  "CAP_SYS_RESOURCE",
  "CAP_SYS_TIME",
  "CAP_SYS_TTY_CONFIG",
  "CAP_MKNOD",
  "CAP_LEASE",
  "CAP_AUDIT_WRITE",
  "CAP_AUDIT_CONTROL",
  "CAP_SETFCAP",
  "CAP_MAC_OVERRIDE",
  "CAP_MAC_ADMIN",
  "CAP_SYSLOG",
  "CAP_WAKE_ALARM",
  "CAP_BLOCK_SUSPEND",
  "CAP_AUDIT_READ",
  "CAP_PERFMON",
  "CAP_BPF",
  "CAP_CHECKPOINT_RESTORE",
];

/**
 * Docker's default capabilities (moby `oci/caps` defaults, Docker 20.10): what a container has
 * without --cap-add, --cap-drop or --privileged. CapEff 00000000a80425fb in the lab.
 */
export const DOCKER_DEFAULT_CAPABILITIES: readonly string[] = [
  "CAP_CHOWN",
  "CAP_DAC_OVERRIDE",
  "CAP_FOWNER",
  "CAP_FSETID",
  "CAP_KILL",
  "CAP_SETGID",
  "CAP_SETUID",
  "CAP_SETPCAP",
  "CAP_NET_BIND_SERVICE",
  "CAP_NET_RAW",
  "CAP_SYS_CHROOT",
  "CAP_MKNOD",
  "CAP_AUDIT_WRITE",
  "CAP_SETFCAP",
];

/**
 * Names of the bits set in a capability mask (a bigint, or hex as in /proc/<pid>/status), in bit
 * order. A bit past CAPABILITY_NAMES (a newer kernel) is named "CAP_BIT_<n>" rather than dropped.
 */
export function decodeCapabilities(mask: bigint | string): string[] {
  let value: bigint;
  if (typeof mask === "bigint") value = mask;
  else if (/^(0x)?[0-9a-fA-F]{1,32}$/.test(mask)) value = BigInt(mask.startsWith("0x") ? mask : `0x${mask}`);
  else return [];
  const names: string[] = [];
  for (let bit = 0; value > 0n; bit++, value >>= 1n) {
    if (value & 1n) names.push(CAPABILITY_NAMES[bit] ?? `CAP_BIT_${bit}`);
  }
  return names;
}

/** How an effective set differs from Docker's default set. */
export function compareToDockerDefault(effective: readonly string[]): { added: string[]; dropped: string[] } {
  const have = new Set(effective);
  const defaults = new Set(DOCKER_DEFAULT_CAPABILITIES);
  return {
    added: effective.filter((name) => !defaults.has(name)),
    dropped: DOCKER_DEFAULT_CAPABILITIES.filter((name) => !have.has(name)),
  };
}
