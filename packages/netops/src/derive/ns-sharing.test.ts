import { describe, expect, it } from "vitest";
import { containerNs, procNs } from "../__fixtures__/lab-h1.ts";
import { parseNsLinks } from "../parse/proc-ns.ts";
import { namespaceSharing } from "./ns-sharing.ts";

function inodes(links: Record<string, string>) {
  const parsed = parseNsLinks(links);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

describe("namespaceSharing on real namespace inodes", () => {
  const host = inodes(procNs.self);

  it("a default container (c3) has private pid, net, ipc, uts and mnt; user and cgroup are the host's", () => {
    const sharing = namespaceSharing(inodes(containerNs("c3").ns), host, procNs.labHostNetInode);
    const shared = Object.entries(sharing).map(([type, share]) => `${type}:${share?.sharedWithHost}`);
    expect(shared).toEqual([
      "pid:false",
      "net:false",
      "ipc:false",
      "uts:false",
      "mnt:false",
      "user:true",
      "cgroup:true",
    ]);
  });

  it("--pid=host (c4) shares the pid namespace", () => {
    const sharing = namespaceSharing(inodes(containerNs("c4").ns), host, procNs.labHostNetInode);
    expect(sharing.pid).toEqual({ inode: host.pid, sharedWithHost: true });
    expect(sharing.net?.sharedWithHost).toBe(false);
  });

  it("compares net with the lab host's namespace, not the machine's, and says null when it cannot compare", () => {
    const container = inodes(containerNs("c1").ns);
    expect(
      namespaceSharing({ ...container, net: procNs.labHostNetInode }, host, procNs.labHostNetInode).net
        ?.sharedWithHost,
    ).toBe(true);
    expect(namespaceSharing(container, null).pid?.sharedWithHost).toBeNull();
    expect(namespaceSharing({ net: 5 }, host).ipc).toBeNull();
  });
});
