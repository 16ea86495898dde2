import { describe, expect, it } from "vitest";
import { fixtureRecord } from "../__fixtures__/load.ts";
import { parseCgroupLimits } from "./cgroup-limits.ts";

describe("parseCgroupLimits", () => {
  it("reads a default container's cgroup v1 files as unlimited (memory 9223372036854771712, quota -1, pids max)", () => {
    expect(parseCgroupLimits(fixtureRecord("cgroup-v1.h1-c3-default.json"))).toEqual({
      ok: true,
      value: {
        version: "v1",
        memoryLimitBytes: null,
        cpuQuota: null,
        cpuPeriod: 100000,
        cpuShares: 1024,
        cpuWeight: null,
        pidsLimit: null,
      },
    });
  });

  it("reads c4's limits (--memory 64m --cpus 0.5 --pids-limit 100)", () => {
    expect(parseCgroupLimits(fixtureRecord("cgroup-v1.h1-c4-limits.json"))).toMatchObject({
      ok: true,
      value: { memoryLimitBytes: 64 * 1024 * 1024, cpuQuota: 50000, cpuPeriod: 100000, pidsLimit: 100 },
    });
  });

  it("reads cgroup v2 files", () => {
    expect(
      parseCgroupLimits({
        "memory.max": "max\n",
        "cpu.max": "50000 100000\n",
        "cpu.weight": "100\n",
        "pids.max": "max\n",
      }),
    ).toEqual({
      ok: true,
      value: {
        version: "v2",
        memoryLimitBytes: null,
        cpuQuota: 50000,
        cpuPeriod: 100000,
        cpuShares: null,
        cpuWeight: 100,
        pidsLimit: null,
      },
    });
    expect(parseCgroupLimits({ "memory.max": "67108864\n", "cpu.max": "max 100000\n" })).toMatchObject({
      ok: true,
      value: { memoryLimitBytes: 67108864, cpuQuota: null },
    });
  });

  it("refuses no files or garbage values", () => {
    expect(parseCgroupLimits({}).ok).toBe(false);
    expect(parseCgroupLimits({ "memory.limit_in_bytes": "lots" }).ok).toBe(false);
  });
});
