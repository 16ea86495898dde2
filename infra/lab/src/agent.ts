// One Switchyard agent per lab host: started detached in the machine's root namespace and told
// which namespace, Docker socket, daemon.json and restart command are "its host". Recorded in
// the state file (pid + start time), found again only when the pid still has that start time and
// names this host's agent state folder on its command line, and stopped by pid.
// The enrollment token goes to the agent through its environment, never its argv (argv is
// world-readable in /proc).
import { spawn } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import { restartDockerArgv } from "./commands.ts";
import { REPO_ROOT } from "./config.ts";
import { isSameProcess, readCmdline, readProcStat, type TerminateOutcome, terminate } from "./proc.ts";
import type { HostRecord } from "./state.ts";

export const AGENT_DIR = path.join(REPO_ROOT, "apps", "agent");
export const AGENT_MAIN = path.join(AGENT_DIR, "src", "main.ts");
/** How long `up` waits for a new agent to say it is connected before going on without it. */
export const AGENT_CONNECT_TIMEOUT_MS = 30_000;
const AGENT_STOP_GRACE_MS = 5_000;

export const agentRecordSchema = z.object({
  pid: z.number().int().positive(),
  /** /proc/<pid>/stat field 22: tells our agent from a reused pid. */
  startTime: z.number().int().nonnegative(),
  /** The exact command (no secrets in it). */
  argv: z.array(z.string()).min(1),
  startedAt: z.string(),
  /** The agent's --state-dir (credential, journal, status.json). */
  stateDir: z.string(),
  logFile: z.string(),
});
export type AgentRecord = z.infer<typeof agentRecordSchema>;

/** Where the agent talks to and how it enrolls. */
export interface AgentOptions {
  server: string;
  token: string | undefined;
}

export function agentStateDir(host: Pick<HostRecord, "stateDir">): string {
  return path.join(host.stateDir, "agent");
}

export function agentLogFile(host: Pick<HostRecord, "stateDir">): string {
  return path.join(host.stateDir, "agent.log");
}

/** The host name the lab's agent reports for a lab host (h1 → sy-h1). */
export function agentHostName(host: Pick<HostRecord, "name">): string {
  return `sy-${host.name}`;
}

/** The agent's argv for one lab host. Pure. */
export function agentArgv(
  host: Pick<HostRecord, "name" | "netns" | "socket" | "daemonJson" | "stateDir">,
  server: string,
  labStateDir: string,
  node = process.execPath,
): string[] {
  return [
    node,
    "--import",
    "tsx",
    AGENT_MAIN,
    "run",
    "--server",
    server,
    "--netns",
    host.netns,
    "--docker-socket",
    host.socket,
    "--daemon-json",
    host.daemonJson,
    "--restart-docker",
    JSON.stringify(restartDockerArgv(host.name, labStateDir)),
    "--host-name",
    agentHostName(host),
    "--state-dir",
    agentStateDir(host),
    "--label",
    "lab=true",
  ];
}

/** The environment of a lab agent: PATH, and the token only when one was given. */
export function agentEnv(token: string | undefined): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? "/usr/sbin:/usr/bin:/sbin:/bin" };
  if (process.env.HOME) env.HOME = process.env.HOME;
  if (token !== undefined) env.SWITCHYARD_AGENT_ENROLLMENT_TOKEN = token;
  return env;
}

/** The host's running agent, if the recorded pid is still it. */
export async function findAgent(host: HostRecord): Promise<{ pid: number; startTime: number } | null> {
  const agent = host.agent;
  if (!agent) return null;
  if (!(await isSameProcess(agent.pid, agent.startTime))) return null;
  const cmdline = await readCmdline(agent.pid);
  if (!cmdline?.includes(agent.stateDir)) return null;
  return { pid: agent.pid, startTime: agent.startTime };
}

/** Starts the agent detached (it outlives the CLI); its output is appended to agent.log. */
export async function spawnAgent(
  host: HostRecord,
  argv: readonly string[],
  token: string | undefined,
): Promise<AgentRecord> {
  const [file, ...args] = argv;
  if (file === undefined) throw new Error("empty agent argv");
  const logFile = agentLogFile(host);
  const log = openSync(logFile, "a", 0o600);
  try {
    // node:child_process, not execa: like dockerd, the agent must outlive `lab up`. Argv array, no shell.
    const child = spawn(file, args, {
      cwd: AGENT_DIR,
      env: agentEnv(token),
      detached: true,
      stdio: ["ignore", log, log],
      shell: false,
    });
    const spawnError = new Promise<Error>((resolve) => child.once("error", resolve));
    child.unref();
    const pid = child.pid;
    if (pid === undefined) throw new Error(`could not start the agent: ${(await spawnError).message}`);
    const stat = await readProcStat(pid);
    if (!stat) throw new Error(`the agent (pid ${pid}) exited immediately; see ${logFile}`);
    return {
      pid,
      startTime: stat.startTime,
      argv: [...argv],
      startedAt: new Date().toISOString(),
      stateDir: agentStateDir(host),
      logFile,
    };
  } finally {
    closeSync(log);
  }
}

export const agentStatusSchema = z.object({
  pid: z.number(),
  state: z.string(),
  detail: z.string(),
  since: z.string(),
  hostId: z.string().nullable(),
});
export type AgentStatusFile = z.infer<typeof agentStatusSchema>;

/** The agent's own status.json, or null when it has not written one (or it is unreadable). */
export async function readAgentStatus(stateDir: string): Promise<AgentStatusFile | null> {
  try {
    const parsed = agentStatusSchema.safeParse(
      JSON.parse(await readFile(path.join(stateDir, "status.json"), "utf8")),
    );
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The last lines of an agent's log, for failure messages. */
export async function agentLogTail(logFile: string, lines = 3): Promise<string> {
  try {
    const text = await readFile(logFile, "utf8");
    return text.trim().split("\n").slice(-lines).join(" | ").slice(-800);
  } catch {
    return "(no log)";
  }
}

/**
 * Waits until the agent reports `connected` (true), or it exits (throws with its log), or the
 * timeout passes (false: it keeps trying in the background).
 */
export async function waitForAgent(
  record: AgentRecord,
  timeoutMs = AGENT_CONNECT_TIMEOUT_MS,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const status = await readAgentStatus(record.stateDir);
    if (status?.pid === record.pid && status.state === "connected") return true;
    if (!(await isSameProcess(record.pid, record.startTime))) {
      throw new Error(`the agent (pid ${record.pid}) exited: ${await agentLogTail(record.logFile)}`);
    }
    await sleep(200);
  }
  return false;
}

/** Stops the host's agent by pid (SIGTERM, then SIGKILL), only if it is still ours. */
export async function stopAgent(host: HostRecord): Promise<TerminateOutcome> {
  const running = await findAgent(host);
  if (!running) return "not-running";
  return terminate(running.pid, running.startTime, AGENT_STOP_GRACE_MS);
}
