import { describe, expect, it } from "vitest";
import { cgroupLimitFiles, cgroupPaths } from "./container-proc.ts";

const ID = "5a6135dc22197d43b327d9c5240403635c1898508502e9e28b07b2c652183312";
// /proc/<pid>/cgroup of a lab container (cgroup v1 hybrid, Debian 12, dockerd 20.10 --cgroup-parent /sy-lab-h1).
const V1 = [
  `9:name=systemd:/sy-lab-h1/${ID}`,
  `8:pids:/sy-lab-h1/${ID}`,
  `4:memory:/sy-lab-h1/${ID}`,
  `2:cpuacct:/sy-lab-h1/${ID}`,
  `1:cpu:/sy-lab-h1/${ID}`,
  `0::/sy-lab-h1/${ID}`,
].join("\n");

describe("cgroup limit files of a container's process", () => {
  it("cgroup v1: the limit files under each controller's folder", () => {
    expect(cgroupLimitFiles(V1)).toEqual({
      "memory.limit_in_bytes": `/sys/fs/cgroup/memory/sy-lab-h1/${ID}/memory.limit_in_bytes`,
      "cpu.cfs_quota_us": `/sys/fs/cgroup/cpu/sy-lab-h1/${ID}/cpu.cfs_quota_us`,
      "cpu.cfs_period_us": `/sys/fs/cgroup/cpu/sy-lab-h1/${ID}/cpu.cfs_period_us`,
      "cpu.shares": `/sys/fs/cgroup/cpu/sy-lab-h1/${ID}/cpu.shares`,
      "pids.max": `/sys/fs/cgroup/pids/sy-lab-h1/${ID}/pids.max`,
    });
  });

  it("combined controllers (cpu,cpuacct) map to the cpu folder", () => {
    expect(cgroupPaths(`3:cpu,cpuacct:/docker/${ID}`).v1.cpu).toBe(`/sys/fs/cgroup/cpu/docker/${ID}`);
  });

  it("cgroup v2 only: memory.max, cpu.max, cpu.weight, pids.max under the unified path", () => {
    expect(cgroupLimitFiles(`0::/system.slice/docker-${ID}.scope\n`)).toEqual({
      "memory.max": `/sys/fs/cgroup/system.slice/docker-${ID}.scope/memory.max`,
      "cpu.max": `/sys/fs/cgroup/system.slice/docker-${ID}.scope/cpu.max`,
      "cpu.weight": `/sys/fs/cgroup/system.slice/docker-${ID}.scope/cpu.weight`,
      "pids.max": `/sys/fs/cgroup/system.slice/docker-${ID}.scope/pids.max`,
    });
  });

  it("garbage gives no files (the collector then reports cgroup limits unavailable)", () => {
    expect(cgroupLimitFiles("not a cgroup file")).toEqual({});
  });
});
