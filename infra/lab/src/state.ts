// The lab's state file: exactly what the lab created (namespaces, dockerd pids with their start
// times, folders, containers), so `down` removes that and nothing else. Written after every
// creation step, atomically (write + rename), so a crash leaves a file `down` can still use.
import { readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { agentRecordSchema } from "./agent.ts";
import { type HostPaths, isInside, stateFilePath } from "./config.ts";

export const dockerdRecordSchema = z.object({
  pid: z.number().int().positive(),
  /** /proc/<pid>/stat field 22 (clock ticks since boot): tells our dockerd from a reused pid. */
  startTime: z.number().int().nonnegative(),
  /** The exact command, re-run by restart-docker. */
  argv: z.array(z.string()).min(1),
  startedAt: z.string(),
});
export type DockerdRecord = z.infer<typeof dockerdRecordSchema>;

export const containerRecordSchema = z.object({ name: z.string().min(1), id: z.string().min(1) });
export type ContainerRecord = z.infer<typeof containerRecordSchema>;

const absolute = z.string().refine((p) => path.isAbsolute(p), "must be absolute");

export const hostRecordSchema = z.object({
  name: z.string().regex(/^h[1-9][0-9]*$/),
  index: z.number().int().positive(),
  netns: z.string().regex(/^sy-h[1-9][0-9]*$/),
  netnsPath: absolute,
  stateDir: absolute,
  dataRoot: absolute,
  daemonJson: absolute,
  logFile: absolute,
  runDir: absolute,
  execRoot: absolute,
  socket: absolute,
  pidfile: absolute,
  cgroupParent: z.string().regex(/^\/sy-lab-h[1-9][0-9]*$/),
  /** The dockerd the lab last started for this host, or null when none was started yet. */
  dockerd: dockerdRecordSchema.nullable(),
  /** Containers the lab created on this host. */
  containers: z.array(containerRecordSchema),
  /** The Switchyard agent `up --server` started for this host, or null (older state files have none). */
  agent: agentRecordSchema.nullable().default(null),
});
export type HostRecord = z.infer<typeof hostRecordSchema>;

export const labStateSchema = z
  .object({
    version: z.literal(1),
    stateDir: absolute,
    runDir: absolute,
    /**
     * The top-most folders the lab created for its state and run folders (the folder itself or
     * a parent that did not exist either); `down` removes them, and only while empty.
     */
    createdRoots: z.array(absolute),
    /** Paths outside the lab folders that the lab's dockerds created (e.g. /etc/docker/key.json). */
    external: z.array(absolute),
    hosts: z.array(hostRecordSchema),
  })
  .superRefine((state, ctx) => {
    // A tampered or stale state file must never steer `down` outside the lab folders.
    state.hosts.forEach((host, i) => {
      const agentPaths = host.agent ? [host.agent.stateDir, host.agent.logFile] : [];
      const underState = [host.stateDir, host.dataRoot, host.daemonJson, host.logFile, ...agentPaths];
      const underRun = [host.runDir, host.execRoot, host.socket, host.pidfile];
      const bad = [
        ...underState.filter((p) => !isInside(p, state.stateDir) || p === state.stateDir),
        ...underRun.filter((p) => !isInside(p, state.runDir) || p === state.runDir),
      ];
      if (bad.length > 0) {
        ctx.addIssue({
          code: "custom",
          path: ["hosts", i],
          message: `paths outside the lab folders: ${bad}`,
        });
      }
    });
    state.createdRoots.forEach((root, i) => {
      if (!isInside(state.stateDir, root) && !isInside(state.runDir, root)) {
        ctx.addIssue({ code: "custom", path: ["createdRoots", i], message: `${root} holds no lab folder` });
      }
    });
  });
export type LabState = z.infer<typeof labStateSchema>;

export function emptyState(stateDir: string, runDir: string): LabState {
  return {
    version: 1,
    stateDir,
    runDir,
    createdRoots: [],
    external: [],
    hosts: [],
  };
}

export function newHostRecord(paths: HostPaths): HostRecord {
  return { ...paths, dockerd: null, containers: [], agent: null };
}

/** Parses state file text; throws naming the file and the first problem. Pure. */
export function parseState(text: string, file: string): LabState {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new Error(`${file}: not valid JSON (${err instanceof Error ? err.message : err})`);
  }
  const parsed = labStateSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: not a lab state file (${issue?.path.join(".")}: ${issue?.message})`);
  }
  return parsed.data;
}

export function findHost(state: LabState, name: string): HostRecord | undefined {
  return state.hosts.find((h) => h.name === name);
}

export async function readState(stateDir: string): Promise<LabState | null> {
  const file = stateFilePath({ stateDir });
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    if (err instanceof Error && "code" in err && err.code === "ENOENT") return null;
    throw err;
  }
  return parseState(text, file);
}

export async function writeState(state: LabState): Promise<void> {
  const file = stateFilePath(state);
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  await rename(tmp, file);
}

export async function deleteStateFile(stateDir: string): Promise<void> {
  await rm(stateFilePath({ stateDir }), { force: true });
}
