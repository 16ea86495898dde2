// Paths outside the lab folders that a lab dockerd (or `ip netns add`) creates on first use and
// that no flag relocates: dockerd 20.10 writes its trust key to /etc/docker/key.json and creates
// /run/docker/plugins; containerd's shims put their sockets in /run/containerd/s; iproute2
// bind-mounts /run/netns onto itself; util-linux `umount` creates /run/mount (libmount's utab
// folder). The lab notes which of them did not exist before it started
// its first dockerd and removes those (files; directories only when empty) once no lab host and
// no dockerd is left.
import { lstat, readdir, rmdir, unlink } from "node:fs/promises";
import { umountArgv } from "./commands.ts";
import { readMounts } from "./mounts.ts";
import { listProcesses } from "./proc.ts";
import { run } from "./run.ts";

/** Files before their folders, deeper folders before their parents. */
export const EXTERNAL_CANDIDATES = [
  "/etc/docker/key.json",
  "/etc/docker",
  "/run/docker/plugins",
  "/run/docker",
  "/run/containerd/s",
  "/run/containerd",
  "/run/netns",
  "/run/mount",
] as const;

async function kind(p: string): Promise<"file" | "dir" | null> {
  try {
    return (await lstat(p)).isDirectory() ? "dir" : "file";
  } catch {
    return null;
  }
}

/** Both lists, each path once, in order. */
export function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])];
}

export async function missingExternals(): Promise<string[]> {
  const out: string[] = [];
  for (const p of EXTERNAL_CANDIDATES) if ((await kind(p)) === null) out.push(p);
  return out;
}

export async function existingOf(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) if ((await kind(p)) !== null) out.push(p);
  return out;
}

/** Any dockerd on the machine (ours or not): while one runs, shared paths stay. */
async function anyDockerdRunning(): Promise<boolean> {
  return (await listProcesses()).some((p) => p.stat.comm === "dockerd");
}

/** Removes those of `paths` that still exist; returns what it removed and what it left (why). */
export async function removeExternals(
  paths: readonly string[],
): Promise<{ removed: string[]; kept: string[] }> {
  const removed: string[] = [];
  const kept: string[] = [];
  if (paths.length === 0) return { removed, kept };
  if (await anyDockerdRunning()) return { removed, kept: paths.map((p) => `${p} (a dockerd still runs)`) };
  const ordered = EXTERNAL_CANDIDATES.filter((c) => paths.includes(c));
  for (const p of ordered) {
    const k = await kind(p);
    if (k === null) continue;
    if (k === "file") {
      await unlink(p);
      removed.push(p);
      continue;
    }
    if ((await readdir(p)).length > 0) {
      kept.push(`${p} (not empty)`);
      continue;
    }
    if ((await readMounts()).some((m) => m.mountPoint === p)) {
      const res = await run(umountArgv(p, false));
      if (res.exitCode !== 0) {
        kept.push(`${p} (umount failed: ${res.stderr.trim()})`);
        continue;
      }
    }
    await rmdir(p);
    removed.push(p);
  }
  return { removed, kept };
}
