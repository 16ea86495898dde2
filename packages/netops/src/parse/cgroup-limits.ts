// Cgroup limit files of one container, keyed by file name. cgroup v1 (this lab's Debian 12 with
// Docker 20.10): memory.limit_in_bytes, cpu.cfs_quota_us, cpu.cfs_period_us, cpu.shares,
// pids.max. cgroup v2: memory.max, cpu.max, cpu.weight, pids.max.
// "Unlimited" is spelled differently in each file: v1 memory is a huge page-aligned number
// (9223372036854771712), v1 CPU quota is -1, pids and all of v2 say "max". All become null.
import type { CgroupLimits } from "@switchyard/protocol";
import { err, ok, type Result } from "../result.ts";

// Anything at or above 2^62 bytes is the kernel's "no limit" (PAGE_COUNTER_MAX × page size).
const UNLIMITED_BYTES = 2n ** 62n;

/** Parses the limit files of one cgroup (v1 or v2, detected from the file names). */
export function parseCgroupLimits(files: Readonly<Record<string, string>>): Result<CgroupLimits> {
  const read = (name: string): string | null => {
    const text = files[name];
    return text === undefined ? null : text.trim();
  };
  const isV1 = ["memory.limit_in_bytes", "cpu.cfs_quota_us", "cpu.shares"].some(
    (name) => read(name) !== null,
  );
  const isV2 = ["memory.max", "cpu.max", "cpu.weight"].some((name) => read(name) !== null);
  if (!isV1 && !isV2) return err("cgroup: none of the known limit files was read");
  const problems: string[] = [];
  const count = (name: string, text: string | null, unlimited: (t: string) => boolean): number | null => {
    if (text === null || unlimited(text)) return null;
    if (!/^[0-9]{1,20}$/.test(text)) {
      problems.push(`${name}: ${JSON.stringify(text.slice(0, 40))}`);
      return null;
    }
    const value = BigInt(text);
    if (value >= UNLIMITED_BYTES) return null;
    return Number(value);
  };
  const isMax = (t: string) => t === "max";
  const pidsLimit = count("pids.max", read("pids.max"), isMax);
  let limits: CgroupLimits;
  if (isV1) {
    limits = {
      version: "v1",
      memoryLimitBytes: count("memory.limit_in_bytes", read("memory.limit_in_bytes"), () => false),
      cpuQuota: count("cpu.cfs_quota_us", read("cpu.cfs_quota_us"), (t) => t === "-1"),
      cpuPeriod: count("cpu.cfs_period_us", read("cpu.cfs_period_us"), () => false),
      cpuShares: count("cpu.shares", read("cpu.shares"), () => false),
      cpuWeight: null,
      pidsLimit,
    };
  } else {
    const [quota, period] = (read("cpu.max") ?? "").split(/\s+/);
    limits = {
      version: "v2",
      memoryLimitBytes: count("memory.max", read("memory.max"), isMax),
      cpuQuota: count("cpu.max", quota || null, isMax),
      cpuPeriod: count("cpu.max", period || null, () => false),
      cpuShares: null,
      cpuWeight: count("cpu.weight", read("cpu.weight"), () => false),
      pidsLimit,
    };
  }
  if (problems.length > 0) return err(`cgroup: unreadable values: ${problems.join(", ")}`);
  if (limits.cpuPeriod === 0) limits.cpuPeriod = null;
  return ok(limits);
}
