// One lab host's dockerd: started detached inside the host's namespace, found again by pid (and
// verified to be ours: same start time, our socket on its command line), stopped by pid.
import { spawn } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { open, rm } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { Engine } from "./engine.ts";
import { isSameProcess, readCmdline, readProcStat, type TerminateOutcome, terminate } from "./proc.ts";
import type { DockerdRecord, HostRecord } from "./state.ts";

export const DOCKERD_READY_TIMEOUT_MS = 60_000;
/** dockerd stops containers on SIGTERM (up to their StopTimeout) and then containerd. */
export const DOCKERD_STOP_GRACE_MS = 30_000;

export interface RunningDockerd {
  pid: number;
  startTime: number;
}

async function commandMentions(pid: number, needle: string): Promise<boolean> {
  const cmdline = await readCmdline(pid);
  return cmdline?.some((arg) => arg.includes(needle)) ?? false;
}

async function readPidfile(pidfile: string): Promise<number | null> {
  try {
    const handle = await open(pidfile, "r");
    try {
      const text = (await handle.readFile("utf8")).trim();
      return /^[0-9]+$/.test(text) ? Number(text) : null;
    } finally {
      await handle.close();
    }
  } catch {
    return null;
  }
}

/**
 * The host's running dockerd, if any: the pid from the pidfile (or the one the lab recorded),
 * alive, and with this host's socket on its command line — never a stranger with a reused pid.
 */
export async function findDockerd(host: HostRecord): Promise<RunningDockerd | null> {
  const candidates = [await readPidfile(host.pidfile), host.dockerd?.pid].filter(
    (pid): pid is number => typeof pid === "number",
  );
  for (const pid of new Set(candidates)) {
    const stat = await readProcStat(pid);
    if (!stat || stat.state === "Z") continue;
    if (host.dockerd?.pid === pid && host.dockerd.startTime !== stat.startTime) continue;
    if (await commandMentions(pid, `unix://${host.socket}`)) return { pid, startTime: stat.startTime };
  }
  return null;
}

/** Starts `argv` detached (it outlives the CLI), output appended to the host's log file. */
export async function spawnDockerd(host: HostRecord, argv: readonly string[]): Promise<DockerdRecord> {
  const [file, ...args] = argv;
  if (file === undefined) throw new Error("empty dockerd argv");
  // A dockerd killed hard leaves its pidfile and socket; a stale pidfile whose pid was reused
  // makes dockerd refuse to start.
  await rm(host.pidfile, { force: true });
  await rm(host.socket, { force: true });
  const log = openSync(host.logFile, "a");
  try {
    // node:child_process here, not execa: the daemon must outlive the CLI, so its output goes to a
    // file descriptor the child owns (execa's `{file}` target pipes through this process, and its
    // types admit only fds 1-9). Still an argv array, no shell.
    const child = spawn(file, args, { detached: true, stdio: ["ignore", log, log], shell: false });
    const spawnError = new Promise<Error>((resolve) => child.once("error", resolve));
    child.unref();
    const pid = child.pid;
    if (pid === undefined) throw new Error(`could not start ${file}: ${(await spawnError).message}`);
    const stat = await readProcStat(pid);
    if (!stat) throw new Error(`${file} (pid ${pid}) exited immediately; see ${host.logFile}`);
    return { pid, startTime: stat.startTime, argv: [...argv], startedAt: new Date().toISOString() };
  } finally {
    closeSync(log);
  }
}

/** The last error lines of the host's dockerd log, for failure messages. */
export async function logTail(logFile: string, lines = 3): Promise<string> {
  try {
    const handle = await open(logFile, "r");
    try {
      const { size } = await handle.stat();
      const length = Math.min(size, 16_384);
      const buf = Buffer.alloc(length);
      await handle.read(buf, 0, length, size - length);
      const all = buf.toString("utf8").split("\n").filter(Boolean);
      const errors = all.filter((l) => /level=(error|fatal)|failed to start daemon|^[a-z-]+: /i.test(l));
      return (errors.length > 0 ? errors : all).slice(-lines).join(" | ");
    } finally {
      await handle.close();
    }
  } catch {
    return "(no log)";
  }
}

/** Polls GET /_ping until it answers; throws if dockerd exits first or the timeout passes. */
export async function waitForDockerd(
  host: HostRecord,
  dockerd: RunningDockerd,
  options: { timeoutMs?: number; signal?: AbortSignal | undefined } = {},
): Promise<number> {
  const started = Date.now();
  const deadline = started + (options.timeoutMs ?? DOCKERD_READY_TIMEOUT_MS);
  const engine = new Engine(host.socket);
  for (;;) {
    options.signal?.throwIfAborted();
    if (await engine.ping(1_000)) return Date.now() - started;
    if (!(await isSameProcess(dockerd.pid, dockerd.startTime))) {
      throw new Error(`dockerd (pid ${dockerd.pid}) exited before answering: ${await logTail(host.logFile)}`);
    }
    if (Date.now() > deadline) {
      throw new Error(`dockerd (pid ${dockerd.pid}) did not answer /_ping within ${deadline - started} ms`);
    }
    await sleep(200);
  }
}

export async function stopDockerd(dockerd: RunningDockerd): Promise<TerminateOutcome> {
  return terminate(dockerd.pid, dockerd.startTime, DOCKERD_STOP_GRACE_MS);
}
