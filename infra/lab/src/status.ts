// `lab status`: what each host is and how to reach it — the facts an agent for that host is told
// (namespace, Docker socket, daemon.json, how to restart its Docker). The report's zod schema is
// exported so callers (tests, the agent's lab wiring) parse it instead of trusting its shape.
import { z } from "zod";
import { findAgent, readAgentStatus } from "./agent.ts";
import { restartDockerArgv } from "./commands.ts";
import type { LabConfig } from "./config.ts";
import { findDockerd } from "./dockerd.ts";
import { Engine } from "./engine.ts";
import { listLabNetns } from "./netns.ts";
import { type HostRecord, readState } from "./state.ts";

export const containerStatusSchema = z.object({
  name: z.string(),
  id: z.string(),
  /** Docker's state: running, exited, … ("unknown" when Docker does not answer). */
  state: z.string(),
  /** PID of the container's init in the root pid namespace (0 when not running). */
  pid: z.number(),
  /** The container's network namespace file. */
  sandboxKey: z.string(),
});

export const hostStatusSchema = z.object({
  name: z.string(),
  netns: z.string(),
  netnsExists: z.boolean(),
  socket: z.string(),
  daemonJson: z.string(),
  pidfile: z.string(),
  logFile: z.string(),
  dockerd: z.object({
    /** The running dockerd's pid, or null when none of ours runs. */
    pid: z.number().nullable(),
    /** GET /_ping answered OK. */
    answering: z.boolean(),
  }),
  containers: z.array(containerStatusSchema),
  /** The command (argv) that restarts this host's Docker. */
  restartDocker: z.array(z.string()),
  /** The Switchyard agent `up --server` started for this host; null when none was. */
  agent: z
    .object({
      /** Its pid while it runs (verified: start time and command line), else null. */
      pid: z.number().nullable(),
      running: z.boolean(),
      /** The connection state the agent last wrote to its status.json (connected, unauthenticated, revoked, …). */
      state: z.string().nullable(),
      /** One line about that state. */
      detail: z.string().nullable(),
      /** The host id the server gave it at enrollment. */
      hostId: z.string().nullable(),
      stateDir: z.string(),
      logFile: z.string(),
    })
    .nullable(),
});

export const labStatusSchema = z.object({
  stateDir: z.string(),
  runDir: z.string().nullable(),
  hosts: z.array(hostStatusSchema),
  /** sy-* namespaces that exist but are not this lab's. */
  foreignNetns: z.array(z.string()),
});
export type LabStatus = z.infer<typeof labStatusSchema>;
export type HostStatus = z.infer<typeof hostStatusSchema>;

async function hostStatus(host: HostRecord, stateDir: string, netns: readonly string[]): Promise<HostStatus> {
  const engine = new Engine(host.socket);
  const dockerd = await findDockerd(host);
  const answering = dockerd !== null && (await engine.ping());
  const containers: HostStatus["containers"] = [];
  if (answering) {
    for (const summary of await engine.listContainers()) {
      const c = await engine.inspectContainer(summary.Id);
      if (!c) continue;
      containers.push({
        name: c.Name.replace(/^\//, ""),
        id: c.Id,
        state: c.State.Status,
        pid: c.State.Pid,
        sandboxKey: c.NetworkSettings.SandboxKey,
      });
    }
    containers.sort((a, b) => a.name.localeCompare(b.name, "en", { numeric: true }));
  } else {
    for (const c of host.containers)
      containers.push({ name: c.name, id: c.id, state: "unknown", pid: 0, sandboxKey: "" });
  }
  let agent: HostStatus["agent"] = null;
  if (host.agent) {
    const running = await findAgent(host);
    const status = await readAgentStatus(host.agent.stateDir);
    const fresh = status !== null && status.pid === host.agent.pid;
    agent = {
      pid: running?.pid ?? null,
      running: running !== null,
      state: fresh ? status.state : running ? "starting" : "stopped",
      detail: fresh ? status.detail : null,
      hostId: status?.hostId ?? null,
      stateDir: host.agent.stateDir,
      logFile: host.agent.logFile,
    };
  }
  return {
    name: host.name,
    netns: host.netns,
    netnsExists: netns.includes(host.netns),
    socket: host.socket,
    daemonJson: host.daemonJson,
    pidfile: host.pidfile,
    logFile: host.logFile,
    dockerd: { pid: dockerd?.pid ?? null, answering },
    containers,
    restartDocker: restartDockerArgv(host.name, stateDir),
    agent,
  };
}

export async function labStatus(config: Pick<LabConfig, "stateDir">): Promise<LabStatus> {
  const state = await readState(config.stateDir);
  const netns = await listLabNetns();
  const hosts = state ? await Promise.all(state.hosts.map((h) => hostStatus(h, config.stateDir, netns))) : [];
  const ours = new Set(hosts.map((h) => h.netns));
  return {
    stateDir: config.stateDir,
    runDir: state?.runDir ?? null,
    hosts,
    foreignNetns: netns.filter((n) => !ours.has(n)),
  };
}
