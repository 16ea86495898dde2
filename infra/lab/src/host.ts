// Bringing one lab host up, step by step (netns → dirs → dockerd → image → containers). Each step
// first looks at what exists, so a second `up` leaves a healthy host alone and only adds what is
// missing; everything a step creates goes into the ledger before or right as it is created.
import { mkdir, writeFile } from "node:fs/promises";
import { cgroupDirs } from "./cgroups.ts";
import { emptyRemoved, type Ledger, sweepHost } from "./cleanup.ts";
import { dockerdArgv, labContainerSpec } from "./commands.ts";
import { containerName, type HostPaths, IMAGE_REF, type LabConfig } from "./config.ts";
import { type JsonObject, renderDaemonJson } from "./daemon-json.ts";
import { findDockerd, spawnDockerd, waitForDockerd } from "./dockerd.ts";
import { Engine } from "./engine.ts";
import type { HostStep } from "./errors.ts";
import { injectFault } from "./fault.ts";
import { importImage } from "./image.ts";
import { addNetns, netnsExists } from "./netns.ts";
import { type HostRecord, type LabState, newHostRecord } from "./state.ts";

export interface UpContext {
  config: LabConfig;
  state: LabState;
  ledger: Ledger;
  /** daemon.json for hosts created now (existing hosts keep theirs). */
  daemonJson: JsonObject;
  containers: number;
  /** Builds the image root once per invocation and returns its path. */
  imageRoot: () => Promise<string>;
  save: () => Promise<void>;
  progress: (line: string) => void;
  signal: AbortSignal | undefined;
  /** The step running now, for error reports. */
  current: { host: string | null; step: HostStep | null };
}

export interface HostUpReport {
  name: string;
  netns: string;
  socket: string;
  /** What this invocation did on the host; empty when it was already complete. */
  changed: string[];
  dockerdPid: number | null;
  containers: string[];
  ms: number;
}

async function step(ctx: UpContext, host: string, name: HostStep, fn: () => Promise<void>): Promise<void> {
  ctx.current = { host, step: name };
  ctx.signal?.throwIfAborted();
  await fn();
  injectFault(ctx.config.failAfter, host, name);
}

/** mkdir -p that records the top-most folder it created in the ledger. */
async function makeDir(ctx: UpContext, dir: string): Promise<void> {
  const first = await mkdir(dir, { recursive: true });
  if (first !== undefined) ctx.ledger.add({ kind: "dir", path: first });
}

export async function ensureHost(ctx: UpContext, paths: HostPaths): Promise<HostUpReport> {
  const started = Date.now();
  const changed: string[] = [];
  let host: HostRecord | undefined = ctx.state.hosts.find((h) => h.name === paths.name);
  const record = (): HostRecord => {
    if (!host) throw new Error(`internal: ${paths.name} has no state record`);
    return host;
  };

  await step(ctx, paths.name, "netns", async () => {
    if (!host) {
      host = newHostRecord(paths);
      ctx.state.hosts.push(host);
      ctx.state.hosts.sort((a, b) => a.index - b.index);
      await ctx.save();
    }
    if (!(await netnsExists(paths.netns))) {
      // Into the ledger only once it exists: if `ip netns add` fails, the name may be someone else's.
      await addNetns(paths.netns, () => ctx.ledger.add({ kind: "netns", name: paths.netns }));
      changed.push(`netns ${paths.netns}`);
    }
  });

  await step(ctx, paths.name, "dirs", async () => {
    const h = record();
    for (const dir of [h.stateDir, h.dataRoot, h.runDir, h.execRoot]) await makeDir(ctx, dir);
    try {
      await writeFile(h.daemonJson, renderDaemonJson(ctx.daemonJson), { flag: "wx", mode: 0o644 });
      changed.push(`daemon.json ${h.daemonJson}`);
    } catch (err) {
      if (!(err instanceof Error && "code" in err && err.code === "EEXIST")) throw err;
    }
  });

  await step(ctx, paths.name, "dockerd", async () => {
    const h = record();
    const running = await findDockerd(h);
    if (running) {
      // Ours and alive: leave it alone (it may still be starting, so wait for it to answer).
      await waitForDockerd(h, running, { signal: ctx.signal });
      return;
    }
    // A dockerd that died hard leaves containerd, shims, container processes and mounts: clear
    // them so the new dockerd starts clean (containers come back through their restart policy).
    await sweepHost(h, emptyRemoved());
    if ((await cgroupDirs(h.cgroupParent)).length === 0) {
      ctx.ledger.add({ kind: "cgroup", cgroupParent: h.cgroupParent });
    }
    h.dockerd = await spawnDockerd(h, dockerdArgv(h));
    ctx.ledger.add({ kind: "dockerd", host: h });
    await ctx.save();
    const ms = await waitForDockerd(h, h.dockerd, { signal: ctx.signal });
    changed.push(`dockerd pid ${h.dockerd.pid}`);
    ctx.progress(`${h.name}: dockerd pid ${h.dockerd.pid} answers after ${ms} ms`);
  });

  const engine = new Engine(paths.socket);
  await step(ctx, paths.name, "image", async () => {
    if (await engine.imageExists(IMAGE_REF)) return;
    await importImage(engine, await ctx.imageRoot());
    changed.push(`image ${IMAGE_REF}`);
  });

  await step(ctx, paths.name, "containers", async () => {
    const h = record();
    for (let i = 1; i <= ctx.containers; i++) {
      const name = containerName(i);
      const existing = await engine.inspectContainer(name);
      if (existing?.State.Running) continue;
      let id = existing?.Id;
      if (id === undefined) {
        id = await engine.createContainer(name, labContainerSpec(h.name));
        ctx.ledger.add({ kind: "container", socket: h.socket, id, name: `${h.name}/${name}` });
        h.containers = [...h.containers.filter((c) => c.name !== name), { name, id }];
        await ctx.save();
      }
      await engine.startContainer(id);
      changed.push(`container ${name}`);
    }
  });

  const h = record();
  ctx.progress(`${h.name}: ${changed.length > 0 ? changed.join(", ") : "already up"}`);
  return {
    name: h.name,
    netns: h.netns,
    socket: h.socket,
    changed,
    dockerdPid: h.dockerd?.pid ?? null,
    containers: h.containers.map((c) => c.name),
    ms: Date.now() - started,
  };
}
