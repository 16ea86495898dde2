// Taking lab objects apart: one host completely (for `down`), or exactly what one `up`
// invocation created (its ledger, undone in reverse order, when `up` fails).
import { rm } from "node:fs/promises";
import { stopAgent } from "./agent.ts";
import { cgroupPids, removeCgroups } from "./cgroups.ts";
import { findDockerd, stopDockerd } from "./dockerd.ts";
import { Engine } from "./engine.ts";
import { errorMessage } from "./errors.ts";
import { mountsUnder, readMounts, unmountUnder } from "./mounts.ts";
import { deleteNetns } from "./netns.ts";
import { listProcesses, readProcStat, terminate } from "./proc.ts";
import type { HostRecord } from "./state.ts";

/** What a teardown removed; `down --json` prints it. */
export interface Removed {
  hosts: string[];
  containers: string[];
  processes: number[];
  mounts: string[];
  netns: string[];
  cgroups: string[];
  dirs: string[];
  external: string[];
}

export function emptyRemoved(): Removed {
  return {
    hosts: [],
    containers: [],
    processes: [],
    mounts: [],
    netns: [],
    cgroups: [],
    dirs: [],
    external: [],
  };
}

/** Processes a lab dockerd leaves when it dies hard: containerd, its shims, docker-proxy. */
const DAEMON_COMMS = new Set([
  "dockerd",
  "containerd",
  "containerd-shim",
  "containerd-shim-runc-v2",
  "docker-proxy",
]);

/**
 * After the host's dockerd is gone: ends the daemons whose command line names this host's run
 * folder (containerd, shims), then any process still in the host's cgroups (its containers),
 * and unmounts what is left under the host's folders.
 */
export async function sweepHost(host: HostRecord, removed: Removed): Promise<void> {
  const marker = `${host.runDir}/`;
  const strays = (await listProcesses()).filter(
    (p) =>
      p.stat.pid !== process.pid &&
      DAEMON_COMMS.has(p.stat.comm) &&
      p.cmdline.some((arg) => arg.includes(marker)),
  );
  for (const p of strays) {
    if ((await terminate(p.stat.pid, p.stat.startTime, 5_000)) !== "not-running")
      removed.processes.push(p.stat.pid);
  }
  for (const pid of await cgroupPids(host.cgroupParent)) {
    const stat = await readProcStat(pid);
    if (stat && (await terminate(pid, stat.startTime, 2_000)) !== "not-running") removed.processes.push(pid);
  }
  removed.mounts.push(...(await unmountUnder([host.stateDir, host.runDir])));
}

/** Removes a lab-owned folder, refusing to recurse across a mount. */
export async function removeLabDir(dir: string, removed: Removed): Promise<void> {
  removed.mounts.push(...(await unmountUnder([dir])));
  const left = mountsUnder(await readMounts(), [dir]);
  if (left.length > 0) throw new Error(`refusing to delete ${dir}: still mounted: ${left.join(", ")}`);
  await rm(dir, { recursive: true, force: true });
  removed.dirs.push(dir);
}

/** Stops the host's dockerd (if it is ours and running) and sweeps what it leaves. */
export async function stopHostDaemon(host: HostRecord, removed: Removed): Promise<void> {
  const dockerd = await findDockerd(host);
  if (dockerd && (await stopDockerd(dockerd)) !== "not-running") removed.processes.push(dockerd.pid);
  await sweepHost(host, removed);
}

/**
 * Everything of one host, in an order that always works: containers (while Docker answers),
 * dockerd, leftovers, mounts, namespace, cgroups, folders. Keeps going past a failed part and
 * returns the problems, so `down` removes as much as it can.
 */
export async function teardownHost(host: HostRecord, removed: Removed): Promise<string[]> {
  const problems: string[] = [];
  const attempt = async (what: string, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (err) {
      problems.push(`${host.name}: ${what}: ${errorMessage(err)}`);
    }
  };
  // The agent first: it reads the host while the rest comes down.
  await attempt("agent", async () => {
    const agent = host.agent;
    if (agent && (await stopAgent(host)) !== "not-running") removed.processes.push(agent.pid);
  });
  await attempt("containers", async () => {
    const engine = new Engine(host.socket);
    if (!(await engine.ping())) return;
    for (const c of await engine.listContainers()) {
      if (await engine.removeContainer(c.Id))
        removed.containers.push(`${host.name}/${(c.Names[0] ?? c.Id).replace(/^\//, "")}`);
    }
  });
  await attempt("dockerd", () => stopHostDaemon(host, removed));
  await attempt("netns", async () => {
    if (await deleteNetns(host.netns)) removed.netns.push(host.netns);
  });
  await attempt("cgroups", async () => {
    removed.cgroups.push(...(await removeCgroups(host.cgroupParent)));
  });
  await attempt("folders", async () => {
    await removeLabDir(host.stateDir, removed);
    await removeLabDir(host.runDir, removed);
  });
  if (problems.length === 0) removed.hosts.push(host.name);
  return problems;
}

/** One thing an `up` invocation created, with what it takes to undo it. */
export type Created =
  | { kind: "dir"; path: string }
  | { kind: "netns"; name: string }
  | { kind: "cgroup"; cgroupParent: string }
  | { kind: "dockerd"; host: HostRecord }
  | { kind: "agent"; host: HostRecord }
  | { kind: "container"; socket: string; id: string; name: string };

/** What this `up` invocation created, in creation order. */
export class Ledger {
  readonly entries: Created[] = [];

  add(entry: Created): void {
    this.entries.push(entry);
  }

  /** Undoes every entry, newest first, past failures; returns the problems it met. */
  async rollback(removed: Removed): Promise<string[]> {
    const problems: string[] = [];
    for (const entry of [...this.entries].reverse()) {
      try {
        await undo(entry, removed);
      } catch (err) {
        problems.push(`${entry.kind}: ${errorMessage(err)}`);
      }
    }
    return problems;
  }
}

async function undo(entry: Created, removed: Removed): Promise<void> {
  switch (entry.kind) {
    case "container": {
      const engine = new Engine(entry.socket);
      if ((await engine.ping()) && (await engine.removeContainer(entry.id)))
        removed.containers.push(entry.name);
      return;
    }
    case "dockerd":
      return stopHostDaemon(entry.host, removed);
    case "agent": {
      const pid = entry.host.agent?.pid;
      if ((await stopAgent(entry.host)) !== "not-running" && pid !== undefined) removed.processes.push(pid);
      return;
    }
    case "cgroup":
      removed.cgroups.push(...(await removeCgroups(entry.cgroupParent)));
      return;
    case "netns":
      if (await deleteNetns(entry.name)) removed.netns.push(entry.name);
      return;
    case "dir":
      return removeLabDir(entry.path, removed);
  }
}
