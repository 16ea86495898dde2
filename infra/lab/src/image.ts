// The lab image, switchyard-lab/busybox:latest, built from busybox-static because no registry is
// reachable: a root with bin/busybox and applet symlinks, streamed by `tar` into the Engine API's
// import (the same as `tar -C ROOT -c . | docker import - REF`).
import { access, copyFile, mkdir, rm, symlink } from "node:fs/promises";
import path from "node:path";
import { execa } from "execa";
import { imageTarArgv } from "./commands.ts";
import { IMAGE_REF } from "./config.ts";
import type { Engine } from "./engine.ts";

export const BUSYBOX = "/bin/busybox";

/** Applets linked into bin/ (all present in Debian's busybox-static). */
export const IMAGE_APPLETS: readonly string[] = (
  "sh ash ip ping ping6 sleep cat ls echo ps grep ifconfig route hostname mkdir rm touch true false " +
  "env id uname date kill nc printf test wc head tail sed awk arping traceroute netstat sysctl top " +
  "timeout ln cp mv sort tr cut xargs seq tee"
).split(" ");

/** Writes the image's root file system into `root` (which must not exist yet). */
export async function buildImageRoot(root: string): Promise<void> {
  try {
    await access(BUSYBOX);
  } catch {
    throw new Error(`${BUSYBOX} not found: install busybox-static (apt-get install -y busybox-static)`);
  }
  await rm(root, { recursive: true, force: true });
  await mkdir(path.join(root, "bin"), { recursive: true });
  await mkdir(path.join(root, "tmp"), { mode: 0o1777 });
  await copyFile(BUSYBOX, path.join(root, "bin", "busybox"));
  for (const applet of IMAGE_APPLETS) await symlink("busybox", path.join(root, "bin", applet));
}

/** Imports the root at `root` as IMAGE_REF into one host's dockerd. */
export async function importImage(engine: Engine, root: string): Promise<void> {
  const [file, ...args] = imageTarArgv(root);
  if (file === undefined) throw new Error("empty tar argv");
  const tar = execa(file, args, {
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
    buffer: { stdout: false },
  });
  await Promise.all([engine.importImage(tar.stdout, IMAGE_REF), tar]);
}
