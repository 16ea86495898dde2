// Processes, read from /proc. The lab ends only processes it started, by pid, and checks each pid
// is still that process (start time, command line) before it signals it.
import { readdir, readFile } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";

export interface ProcStat {
  pid: number;
  comm: string;
  /** R, S, D, Z, … */
  state: string;
  ppid: number;
  /** Field 22: start time in clock ticks after boot. */
  startTime: number;
}

/** Parses /proc/<pid>/stat; comm may contain spaces and parentheses, so split at the last ")". */
export function parseProcStat(text: string): ProcStat {
  const open = text.indexOf("(");
  const close = text.lastIndexOf(")");
  if (open < 0 || close < open) throw new Error(`unparseable /proc stat: ${text.slice(0, 80)}`);
  const pid = Number(text.slice(0, open).trim());
  const comm = text.slice(open + 1, close);
  const rest = text
    .slice(close + 2)
    .trim()
    .split(" ");
  // rest[0] is field 3 (state); field n is rest[n - 3].
  const state = rest[0] ?? "?";
  const ppid = Number(rest[1]);
  const startTime = Number(rest[19]);
  if (!Number.isInteger(pid) || !Number.isInteger(ppid) || !Number.isInteger(startTime)) {
    throw new Error(`unparseable /proc stat: ${text.slice(0, 80)}`);
  }
  return { pid, comm, state, ppid, startTime };
}

async function readOptional(file: string): Promise<string | null> {
  try {
    return await readFile(file, "utf8");
  } catch {
    return null;
  }
}

export async function readProcStat(pid: number): Promise<ProcStat | null> {
  const text = await readOptional(`/proc/${pid}/stat`);
  return text === null ? null : parseProcStat(text);
}

export async function readCmdline(pid: number): Promise<string[] | null> {
  const text = await readOptional(`/proc/${pid}/cmdline`);
  return text === null ? null : text.split("\0").filter((s) => s.length > 0);
}

/** Alive (not a zombie) and still the process that started at `startTime`. */
export async function isSameProcess(pid: number, startTime: number): Promise<boolean> {
  const stat = await readProcStat(pid);
  return stat !== null && stat.state !== "Z" && stat.startTime === startTime;
}

export interface ProcessInfo {
  stat: ProcStat;
  cmdline: string[];
}

export async function listProcesses(): Promise<ProcessInfo[]> {
  const out: ProcessInfo[] = [];
  for (const entry of await readdir("/proc")) {
    if (!/^[0-9]+$/.test(entry)) continue;
    const pid = Number(entry);
    const [stat, cmdline] = await Promise.all([readProcStat(pid), readCmdline(pid)]);
    if (stat && cmdline && stat.state !== "Z") out.push({ stat, cmdline });
  }
  return out;
}

export async function waitForExit(pid: number, startTime: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (await isSameProcess(pid, startTime)) {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch (err) {
    if (!(err instanceof Error && "code" in err && err.code === "ESRCH")) throw err;
  }
}

export type TerminateOutcome = "not-running" | "exited" | "killed";

/** SIGTERM, wait up to graceMs, then SIGKILL; only while pid is still the same process. */
export async function terminate(pid: number, startTime: number, graceMs: number): Promise<TerminateOutcome> {
  if (!(await isSameProcess(pid, startTime))) return "not-running";
  signal(pid, "SIGTERM");
  if (await waitForExit(pid, startTime, graceMs)) return "exited";
  if (await isSameProcess(pid, startTime)) signal(pid, "SIGKILL");
  if (!(await waitForExit(pid, startTime, 10_000))) throw new Error(`pid ${pid} survived SIGKILL`);
  return "killed";
}
