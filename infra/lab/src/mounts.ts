// Mounts under the lab folders. dockerd bind-mounts its data root onto itself (to make it a
// private/shared mount) and mounts each container's netns file under exec-root/netns; a dockerd
// that is SIGKILLed leaves them behind, and `rm -rf` must never run across a mount.
import { readFile } from "node:fs/promises";
import { umountArgv } from "./commands.ts";
import { isInside } from "./config.ts";
import { run } from "./run.ts";

export interface MountEntry {
  mountPoint: string;
  fsType: string;
  source: string;
}

/** mountinfo escapes space, tab, newline and backslash as \ooo octal. */
function unescapeOctal(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(Number.parseInt(oct, 8)));
}

/** Parses /proc/self/mountinfo. Pure. */
export function parseMountinfo(text: string): MountEntry[] {
  const out: MountEntry[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    const fields = line.split(" ");
    const sep = fields.indexOf("-");
    const mountPoint = fields[4];
    if (mountPoint === undefined || sep < 0) continue;
    out.push({
      mountPoint: unescapeOctal(mountPoint),
      fsType: fields[sep + 1] ?? "",
      source: unescapeOctal(fields[sep + 2] ?? ""),
    });
  }
  return out;
}

/** Mount points inside any of `dirs`, deepest first (the order to unmount them). Pure. */
export function mountsUnder(mounts: readonly MountEntry[], dirs: readonly string[]): string[] {
  const points = mounts.map((m) => m.mountPoint).filter((p) => dirs.some((d) => isInside(p, d)));
  return [...new Set(points)].sort((a, b) => b.split("/").length - a.split("/").length || b.localeCompare(a));
}

export async function readMounts(): Promise<MountEntry[]> {
  return parseMountinfo(await readFile("/proc/self/mountinfo", "utf8"));
}

/** Unmounts everything under `dirs` (deepest first; lazily if a plain umount fails). */
export async function unmountUnder(dirs: readonly string[]): Promise<string[]> {
  const done: string[] = [];
  for (let pass = 0; pass < 5; pass++) {
    const points = mountsUnder(await readMounts(), dirs);
    if (points.length === 0) return done;
    for (const point of points) {
      const plain = await run(umountArgv(point, false));
      if (plain.exitCode !== 0) await run(umountArgv(point, true));
      done.push(point);
    }
  }
  const left = mountsUnder(await readMounts(), dirs);
  if (left.length > 0) throw new Error(`mounts still present after unmounting: ${left.join(", ")}`);
  return done;
}
