// Cgroups of lab hosts. dockerd runs with --cgroup-parent /sy-lab-h<i>, so every container of a
// lab host lives under /sys/fs/cgroup/<controller>/sy-lab-h<i>/; docker removes the container's
// own cgroup but leaves the parent. Only empty directories are removed (rmdir), never a file.
import { readdir, readFile, rmdir, stat } from "node:fs/promises";
import path from "node:path";
import { readMounts } from "./mounts.ts";

export async function cgroupRoots(): Promise<string[]> {
  const mounts = await readMounts();
  return mounts.filter((m) => m.fsType === "cgroup" || m.fsType === "cgroup2").map((m) => m.mountPoint);
}

async function isDir(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

/** Directories of `parent` (e.g. /sy-lab-h1) in every hierarchy, children before parents. */
async function treeBottomUp(dir: string): Promise<string[]> {
  if (!(await isDir(dir))) return [];
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) out.push(...(await treeBottomUp(path.join(dir, entry.name))));
  }
  out.push(dir);
  return out;
}

export async function cgroupDirs(cgroupParent: string): Promise<string[]> {
  const out: string[] = [];
  for (const root of await cgroupRoots()) out.push(...(await treeBottomUp(path.join(root, cgroupParent))));
  return out;
}

/** Pids of every process still inside the lab host's cgroups (its containers' processes). */
export async function cgroupPids(cgroupParent: string): Promise<number[]> {
  const pids = new Set<number>();
  for (const dir of await cgroupDirs(cgroupParent)) {
    let text = "";
    try {
      text = await readFile(path.join(dir, "cgroup.procs"), "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n")) if (/^[0-9]+$/.test(line)) pids.add(Number(line));
  }
  return [...pids];
}

/** rmdir's the host's cgroup directories bottom-up; returns what it removed. */
export async function removeCgroups(cgroupParent: string): Promise<string[]> {
  const removed: string[] = [];
  for (const dir of await cgroupDirs(cgroupParent)) {
    await rmdir(dir);
    removed.push(dir);
  }
  return removed;
}

/** Any sy-lab-* cgroup directory on the machine (for tests and `down` reports). */
export async function findLabCgroups(): Promise<string[]> {
  const out: string[] = [];
  for (const root of await cgroupRoots()) {
    let entries: string[] = [];
    try {
      entries = await readdir(root);
    } catch {
      continue;
    }
    out.push(...entries.filter((e) => e.startsWith("sy-lab-")).map((e) => path.join(root, e)));
  }
  return out;
}
