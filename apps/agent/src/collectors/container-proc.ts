// Per container, what /proc and the cgroup files say about its init process: status (for the
// capability sets), namespace links (for sharing with the host) and cgroup limit files. A PID
// alone is not trusted: the process's /proc/<pid>/cgroup must name the container's id, or the
// PID was reused after the container stopped and nothing read from it is reported.

import type { ContainerInput } from "@switchyard/netops";
import { type Available, available, unavailable } from "@switchyard/protocol";
import { readNsLinks, readText } from "./files.ts";

/** Limit files per cgroup v1 controller, and the v2 files. */
const V1_FILES: Record<string, readonly string[]> = {
  memory: ["memory.limit_in_bytes"],
  cpu: ["cpu.cfs_quota_us", "cpu.cfs_period_us", "cpu.shares"],
  pids: ["pids.max"],
};
const V2_FILES = ["memory.max", "cpu.max", "cpu.weight", "pids.max"] as const;

/** The cgroup folders of a process from /proc/<pid>/cgroup: per v1 controller, and the v2 path. */
export function cgroupPaths(text: string): { v1: Record<string, string>; v2: string | null } {
  const v1: Record<string, string> = {};
  let v2: string | null = null;
  for (const line of text.split("\n")) {
    const match = /^([0-9]+):([^:]*):(.*)$/.exec(line.trim());
    if (!match) continue;
    const [, , controllers = "", path = ""] = match;
    if (controllers === "") v2 = path;
    for (const controller of controllers.split(",")) {
      // The v1 mount is named after the controller list ("cpu,cpuacct"); `cpu` links to it.
      if (controller in V1_FILES) v1[controller] = `/sys/fs/cgroup/${controller}${path}`;
    }
  }
  return { v1, v2 };
}

/** Which files to read for a process's limits (v1 when any v1 controller is there, else v2). */
export function cgroupLimitFiles(text: string): Record<string, string> {
  const { v1, v2 } = cgroupPaths(text);
  const files: Record<string, string> = {};
  if (Object.keys(v1).length > 0) {
    for (const [controller, dir] of Object.entries(v1)) {
      for (const name of V1_FILES[controller] ?? []) files[name] = `${dir}/${name}`;
    }
  } else if (v2 !== null) {
    for (const name of V2_FILES) files[name] = `/sys/fs/cgroup${v2 === "/" ? "" : v2}/${name}`;
  }
  return files;
}

async function readCgroupFiles(cgroupText: string): Promise<Available<Record<string, string>>> {
  const wanted = cgroupLimitFiles(cgroupText);
  const out: Record<string, string> = {};
  const problems: string[] = [];
  await Promise.all(
    Object.entries(wanted).map(async ([name, path]) => {
      const text = await readText(path);
      if (text.available) out[name] = text.value;
      else problems.push(text.reason);
    }),
  );
  if (Object.keys(out).length === 0)
    return unavailable(`cgroup limits: ${problems.join("; ") || "no limit files"}`);
  return available(out);
}

/** /proc inputs of one running container, checked to still belong to it. */
export async function collectContainerProc(
  containerId: string,
  pid: number,
): Promise<Omit<ContainerInput, "inspect">> {
  const cgroup = await readText(`/proc/${pid}/cgroup`);
  if (!cgroup.available) {
    const no = unavailable<never>(`pid ${pid}: ${cgroup.reason}`);
    return { procStatus: no, nsLinks: no, cgroupFiles: no };
  }
  if (!cgroup.value.includes(containerId)) {
    const no = unavailable<never>(`pid ${pid} no longer belongs to container ${containerId.slice(0, 12)}`);
    return { procStatus: no, nsLinks: no, cgroupFiles: no };
  }
  const [procStatus, nsLinks, cgroupFiles] = await Promise.all([
    readText(`/proc/${pid}/status`),
    readNsLinks(`/proc/${pid}/ns`),
    readCgroupFiles(cgroup.value),
  ]);
  return { procStatus, nsLinks, cgroupFiles };
}
