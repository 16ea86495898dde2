// Namespace links: `readlink /proc/<pid>/ns/<type>` prints "net:[4026531833]"; the number is
// the namespace's inode, equal for every process (and bind mount, e.g. a SandboxKey) in it.
import { err, ok, type Result } from "../result.ts";

/** The namespace types posture reports. (`time` and the `*_for_children` links are ignored.) */
export const NAMESPACE_TYPES = ["pid", "net", "ipc", "uts", "mnt", "user", "cgroup"] as const;
export type NamespaceType = (typeof NAMESPACE_TYPES)[number];

/** Inode per namespace type; a type the kernel does not expose is absent. */
export type NamespaceInodes = Partial<Record<NamespaceType, number>>;

/** Parses one link text ("net:[4026531833]") into its type and inode. */
export function parseNsLink(text: string): Result<{ type: string; inode: number }> {
  const match = /^([a-z_]+):\[([0-9]{1,20})\]$/.exec(text.trim());
  if (!match?.[1] || !match[2])
    return err(`namespace link ${JSON.stringify(text.slice(0, 60))}: expected "type:[inode]"`);
  const inode = Number(match[2]);
  if (!Number.isSafeInteger(inode)) return err(`namespace link ${match[0]}: inode out of range`);
  return ok({ type: match[1], inode });
}

/**
 * Parses the links of one process, keyed by file name in /proc/<pid>/ns (`{net: "net:[…]", …}`).
 * A link whose type does not match its file name is an error (it was read from the wrong place).
 */
export function parseNsLinks(links: Readonly<Record<string, string>>): Result<NamespaceInodes> {
  const inodes: NamespaceInodes = {};
  for (const type of NAMESPACE_TYPES) {
    const text = links[type];
    if (text === undefined) continue;
    const parsed = parseNsLink(text);
    if (!parsed.ok) return parsed;
    if (parsed.value.type !== type) return err(`namespace link ${type} reads ${text}`);
    inodes[type] = parsed.value.inode;
  }
  if (Object.keys(inodes).length === 0) return err("no namespace links");
  return ok(inodes);
}
