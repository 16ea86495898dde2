// Which of a container's namespaces are the host's: equal inodes mean the same namespace.
// "The host" is the lab host's network namespace for `net` (or the machine's, in production)
// and the machine's init namespaces for the others (LAB.md: lab hosts share all but net).
import type { ContainerNamespaces, NamespaceShare } from "@switchyard/protocol";
import type { NAMESPACE_TYPES, NamespaceInodes } from "../parse/proc-ns.ts";

/**
 * Compares a container's namespace inodes with the host's. `hostNetInode` overrides the host's
 * `net` (a lab host's namespace); a null or missing reference gives `sharedWithHost: null`.
 */
export function namespaceSharing(
  container: NamespaceInodes,
  host: NamespaceInodes | null,
  hostNetInode: number | null = null,
): ContainerNamespaces {
  const share = (type: (typeof NAMESPACE_TYPES)[number]): NamespaceShare | null => {
    const inode = container[type];
    if (inode === undefined) return null;
    const reference = type === "net" && hostNetInode !== null ? hostNetInode : host?.[type];
    return { inode, sharedWithHost: reference === undefined ? null : reference === inode };
  };
  return {
    pid: share("pid"),
    net: share("net"),
    ipc: share("ipc"),
    uts: share("uts"),
    mnt: share("mnt"),
    user: share("user"),
    cgroup: share("cgroup"),
  };
}
