import { describe, expect, it } from "vitest";
import { containerNs, procNs } from "../__fixtures__/lab-h1.ts";
import { fixture } from "../__fixtures__/load.ts";
import { parseNsLink, parseNsLinks } from "./proc-ns.ts";
import { parseProcStatus } from "./proc-status.ts";

describe("parseProcStatus on real /proc/<pid>/status", () => {
  it("reads a default container (c3): Docker's capability mask, and its PID in two PID namespaces", () => {
    const result = parseProcStatus(fixture("proc-status.h1-c3-default.txt"));
    if (!result.ok) throw new Error(result.error);
    expect(result.value).toMatchObject({
      name: "docker-init",
      pid: containerNs("c3").pid,
      nspid: [containerNs("c3").pid, 1],
      capEff: 0xa80425fbn,
      capBnd: 0xa80425fbn,
      capInh: 0n,
      capAmb: 0n,
      noNewPrivs: false,
      seccomp: 2,
    });
  });

  it("reads c4 (--cap-add NET_ADMIN --pid=host): bit 12 more, and a single NSpid (the host's PID namespace)", () => {
    const result = parseProcStatus(fixture("proc-status.h1-c4-netadmin-pidhost.txt"));
    if (!result.ok) throw new Error(result.error);
    expect(result.value.capEff).toBe(0xa80435fbn);
    expect((result.value.capEff ?? 0n) ^ 0xa80425fbn).toBe(1n << 12n);
    expect(result.value.nspid).toEqual([containerNs("c4").pid]);
  });

  it("refuses text that is not a status file", () => {
    expect(parseProcStatus("").ok).toBe(false);
    expect(parseProcStatus("CapEff:\tzz\nPid:\t1\n")).toMatchObject({
      ok: true,
      value: { capEff: null, pid: 1 },
    });
  });
});

describe("parseNsLinks on real readlink /proc/<pid>/ns/*", () => {
  it("reads inodes per type, ignoring time and *_for_children", () => {
    const result = parseNsLinks(containerNs("c4").ns);
    expect(result).toEqual({
      ok: true,
      value: {
        pid: 4026531836,
        net: containerNs("c4").sandboxKeyInode,
        ipc: 4026532690,
        uts: 4026532689,
        mnt: 4026532688,
        user: 4026531837,
        cgroup: 4026531835,
      },
    });
    // The container's net namespace inode equals the inode of its SandboxKey file.
    expect(parseNsLinks(procNs.self)).toMatchObject({
      ok: true,
      value: { pid: 4026531836, net: 4026531833 },
    });
  });

  it("refuses a link of the wrong type or shape", () => {
    expect(parseNsLink("net:[4026531833]")).toEqual({ ok: true, value: { type: "net", inode: 4026531833 } });
    expect(parseNsLink("net:4026531833").ok).toBe(false);
    expect(parseNsLinks({ net: "pid:[1]" }).ok).toBe(false);
    expect(parseNsLinks({}).ok).toBe(false);
  });
});
