// `lab up`: creates (or completes) lab hosts h1..hN, one after the other, so a failure on host k
// finds hosts 1..k-1 complete. On any failure it undoes exactly what this call created (its
// ledger), puts the state file back as it was, and throws a LabError naming the step and host.
import { mkdir, rm } from "node:fs/promises";
import { type AgentOptions, agentArgv, findAgent, spawnAgent, waitForAgent } from "./agent.ts";
import { emptyRemoved, Ledger } from "./cleanup.ts";
import { hostPaths, imageRootPath, type LabConfig, stateFilePath } from "./config.ts";
import { BASE_DAEMON_JSON, type JsonObject, mergeDaemonJson } from "./daemon-json.ts";
import { errorMessage, LabError } from "./errors.ts";
import { existingOf, missingExternals, removeExternals, union } from "./externals.ts";
import { ensureHost, type HostUpReport, type UpContext } from "./host.ts";
import { buildImageRoot } from "./image.ts";
import { withLabLock } from "./lock.ts";
import { listLabNetns } from "./netns.ts";
import { deleteStateFile, emptyState, type LabState, readState, writeState } from "./state.ts";

export interface UpOptions {
  hosts: number;
  containers: number;
  /** Merged into the daemon.json of every host this call creates. */
  daemonJson?: JsonObject | undefined;
  signal?: AbortSignal | undefined;
  onProgress?: ((line: string) => void) | undefined;
  /** Start one Switchyard agent per host (`--server URL [--token T]`); none when undefined. */
  agent?: AgentOptions | undefined;
}

export interface AgentUpReport {
  host: string;
  pid: number;
  /** False when the agent was already running (left alone). */
  started: boolean;
  /** It said `connected` within the wait (false: it keeps retrying in the background). */
  connected: boolean;
}

export interface UpReport {
  stateDir: string;
  runDir: string;
  stateFile: string;
  hosts: HostUpReport[];
  agents: AgentUpReport[];
  ms: number;
}

/** mkdir -p; returns the top-most folder it created, or null if `dir` existed. */
async function makeRoot(dir: string): Promise<string | null> {
  return (await mkdir(dir, { recursive: true })) ?? null;
}

/** Creates (or completes) lab hosts h1..hN; on failure removes what this call created and throws. */
export function labUp(config: LabConfig, options: UpOptions): Promise<UpReport> {
  return withLabLock("preflight", `lab up --hosts ${options.hosts}`, () => up(config, options));
}

async function up(config: LabConfig, options: UpOptions): Promise<UpReport> {
  const started = Date.now();
  const progress = options.onProgress ?? (() => undefined);
  const prev = await readState(config.stateDir);
  const runDir = prev?.runDir ?? config.runDir;
  const effective: LabConfig = { ...config, runDir };

  // Namespaces are machine-wide: one that exists but is not ours belongs to another lab.
  const ours = new Set(prev?.hosts.map((h) => h.netns) ?? []);
  const existing = await listLabNetns();
  for (let i = 1; i <= options.hosts; i++) {
    const { netns, name } = hostPaths(effective, i);
    if (existing.includes(netns) && !ours.has(netns)) {
      throw new LabError(
        "preflight",
        name,
        `lab up refused at step "preflight" on host ${name}: namespace ${netns} exists but is not recorded in ${stateFilePath(config)}; it belongs to another ` +
          `lab (another SY_LAB_DIR) or a crashed run: run \`lab down\` with that lab's state dir, or \`ip netns delete ${netns}\``,
      );
    }
  }

  const missingBefore = await missingExternals();
  const ledger = new Ledger();
  const state: LabState = prev ? structuredClone(prev) : emptyState(config.stateDir, runDir);
  const ctx: UpContext = {
    config: effective,
    state,
    ledger,
    daemonJson: mergeDaemonJson(BASE_DAEMON_JSON, options.daemonJson ?? {}),
    containers: options.containers,
    imageRoot: async () => {
      const root = imageRootPath(effective);
      if (!built) await buildImageRoot(root);
      built = true;
      return root;
    },
    save: () => writeState(state),
    progress,
    signal: options.signal,
    current: { host: null, step: null },
  };
  let built = false;
  const reports: HostUpReport[] = [];
  const agents: AgentUpReport[] = [];
  try {
    try {
      const stateRoot = await makeRoot(config.stateDir);
      const runRoot = await makeRoot(runDir);
      if (stateRoot) ledger.add({ kind: "dir", path: stateRoot });
      if (runRoot) ledger.add({ kind: "dir", path: runRoot });
      if (!prev) state.createdRoots = [stateRoot, runRoot].filter((r): r is string => r !== null);
      await writeState(state);
    } catch (err) {
      throw new LabError("lab-dirs", null, `cannot create the lab folders: ${errorMessage(err)}`, {
        cause: err,
      });
    }
    for (let i = 1; i <= options.hosts; i++) reports.push(await ensureHost(ctx, hostPaths(effective, i)));
    if (options.agent)
      agents.push(...(await startAgents(ctx.state, ledger, options.agent, config.stateDir, progress)));
    state.external = union(state.external, await existingOf(missingBefore));
    await writeState(state);
  } catch (err) {
    const { host, step } = ctx.current;
    const failure =
      err instanceof LabError
        ? err
        : new LabError(step ?? "preflight", host, errorMessage(err), { cause: err });
    progress(`up failed at step ${failure.step}${failure.host ? ` on ${failure.host}` : ""}; rolling back`);
    const problems = await rollbackUp(ledger, prev, config.stateDir, missingBefore);
    const where = failure.host ? ` on host ${failure.host}` : "";
    const tail = problems.length > 0 ? `; rollback left problems: ${problems.join("; ")}` : "; rolled back";
    throw new LabError(
      failure.step,
      failure.host,
      `lab up failed at step "${failure.step}"${where}: ${failure.message}${tail}`,
      {
        cause: err,
      },
    );
  } finally {
    if (built) await rm(imageRootPath(effective), { recursive: true, force: true });
  }
  return {
    stateDir: config.stateDir,
    runDir,
    stateFile: stateFilePath(config),
    hosts: reports,
    agents,
    ms: Date.now() - started,
  };
}

/**
 * One agent per host, all started before any is waited for (each enrolls and collects on its
 * own). A host whose agent already runs keeps it. An agent that exits at once (refused token,
 * bad option) fails `up`, which then rolls back.
 */
async function startAgents(
  state: LabState,
  ledger: Ledger,
  agent: AgentOptions,
  labStateDir: string,
  progress: (line: string) => void,
): Promise<AgentUpReport[]> {
  const started: { host: string; record: NonNullable<LabState["hosts"][number]["agent"]> }[] = [];
  const reports: AgentUpReport[] = [];
  for (const host of state.hosts) {
    const running = await findAgent(host);
    if (running) {
      reports.push({ host: host.name, pid: running.pid, started: false, connected: true });
      continue;
    }
    try {
      host.agent = await spawnAgent(host, agentArgv(host, agent.server, labStateDir), agent.token);
    } catch (err) {
      throw new LabError("agent", host.name, errorMessage(err), { cause: err });
    }
    ledger.add({ kind: "agent", host });
    await writeState(state);
    started.push({ host: host.name, record: host.agent });
  }
  for (const { host, record } of started) {
    let connected: boolean;
    try {
      connected = await waitForAgent(record);
    } catch (err) {
      throw new LabError("agent", host, errorMessage(err), { cause: err });
    }
    progress(
      `${host}: agent pid ${record.pid} ${connected ? "connected" : "not connected yet (still trying)"}`,
    );
    reports.push({ host, pid: record.pid, started: true, connected });
  }
  return reports.sort((a, b) => a.host.localeCompare(b.host, "en", { numeric: true }));
}

async function rollbackUp(
  ledger: Ledger,
  prev: LabState | null,
  stateDir: string,
  missingBefore: readonly string[],
): Promise<string[]> {
  const removed = emptyRemoved();
  const problems = await ledger.rollback(removed);
  try {
    if (prev) await writeState(prev);
    else await deleteStateFile(stateDir);
    if (!prev || prev.hosts.length === 0) {
      const ext = await removeExternals(union(prev?.external ?? [], missingBefore));
      if (ext.kept.length > 0 && !prev) problems.push(`left outside the lab folders: ${ext.kept.join(", ")}`);
    }
  } catch (err) {
    problems.push(`state: ${errorMessage(err)}`);
  }
  return problems;
}
