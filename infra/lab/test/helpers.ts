// Shared by the lab's integration tests: run the real CLI, and look for anything a lab left
// behind on the machine (namespaces, processes, mounts, cgroups, folders, root-namespace changes).
import { existsSync } from "node:fs";
import { execa } from "execa";
import { findLabCgroups } from "../src/cgroups.ts";
import { REPO_ROOT } from "../src/config.ts";
import { EXTERNAL_CANDIDATES } from "../src/externals.ts";
import { LOCK_FILE } from "../src/lock.ts";
import { mountsUnder, readMounts } from "../src/mounts.ts";
import { listLabNetns } from "../src/netns.ts";
import { listProcesses } from "../src/proc.ts";

export interface CliResult {
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
  ms: number;
}

/** `pnpm --silent lab ...args` from the repo root, with the test's lab folders in the env. */
export async function lab(args: string[], env: Record<string, string>): Promise<CliResult> {
  return runArgv(["pnpm", "--silent", "lab", ...args], env);
}

export async function runArgv(argv: readonly string[], env: Record<string, string> = {}): Promise<CliResult> {
  const [file, ...rest] = argv;
  if (file === undefined) throw new Error("empty argv");
  const started = Date.now();
  const r = await execa(file, rest, { cwd: REPO_ROOT, env, reject: false, timeout: 170_000 });
  return { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - started };
}

/** Everything of a lab that could outlive it; all empty means nothing was left behind. */
export interface Residue {
  netns: string[];
  processes: string[];
  mounts: string[];
  cgroups: string[];
  dirs: string[];
  /** Those paths outside the lab folders that dockerd/iproute2/the lab lock create which exist. */
  external: string[];
}

export async function residue(dirs: readonly string[]): Promise<Residue> {
  const processes = (await listProcesses())
    .filter((p) => p.stat.pid !== process.pid && p.cmdline.some((arg) => dirs.some((d) => arg.includes(d))))
    .map((p) => `${p.stat.pid} ${p.cmdline.join(" ")}`);
  return {
    netns: await listLabNetns(),
    processes,
    mounts: [
      ...mountsUnder(await readMounts(), dirs),
      ...(await readMounts()).map((m) => m.mountPoint).filter((p) => p.startsWith("/run/netns/sy-")),
    ],
    cgroups: await findLabCgroups(),
    dirs: dirs.filter((d) => existsSync(d)),
    external: [...EXTERNAL_CANDIDATES, LOCK_FILE].filter((p) => existsSync(p)),
  };
}

/** The exit code, stdout and stderr of a CLI run, for assertion messages. */
export function show(r: CliResult): string {
  return `exit ${r.exitCode} after ${r.ms} ms\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
}
