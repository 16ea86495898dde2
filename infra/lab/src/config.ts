// Where a lab lives on disk and what every lab object is called. Pure: no I/O, so the naming
// rules (and the path-length limit of unix sockets) are unit-tested.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import type { HostStep } from "./errors.ts";

export const DEFAULT_STATE_DIR = "/var/lib/sy-lab";
export const DEFAULT_RUN_DIR = "/run/sy-lab";
/** The one image every lab host gets, built from busybox-static (no registry is reachable). */
export const IMAGE_REF = "switchyard-lab/busybox:latest";
/** Label put on every container the lab starts. */
export const LAB_LABEL = "dev.switchyard.lab";
export const MAX_HOSTS = 16;
export const MAX_CONTAINERS = 32;
/** sun_path is 108 bytes; containerd's ttrpc socket is the longest path dockerd derives. */
const LONGEST_SOCKET_SUFFIX = "/h16/exec/containerd/containerd.sock.ttrpc";
const SUN_PATH_MAX = 107;

/** The repo root, so `restartDocker` works from any working directory. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** A lab folder: absolute, normalised, at least two levels deep (never `/` or `/var`). */
export const labDirSchema = z
  .string()
  .refine((p) => path.isAbsolute(p), "must be an absolute path")
  .refine((p) => path.normalize(p) === p && !p.endsWith("/"), "must be normalised (no .., //, trailing /)")
  .refine(
    (p) => p.split("/").filter(Boolean).length >= 2,
    "must be at least two levels deep, e.g. /run/sy-lab",
  )
  .refine((p) => !/\s/.test(p), "must not contain whitespace");

export const runDirSchema = labDirSchema.refine(
  (p) => p.length + LONGEST_SOCKET_SUFFIX.length <= SUN_PATH_MAX,
  `is too long: dockerd's sockets under it would exceed ${SUN_PATH_MAX} bytes`,
);

/** A fault to inject: throw right after `step` completed on `host` (test-only). */
export interface FaultPoint {
  host: string;
  step: HostStep;
}

export interface LabConfig {
  /** Per-host daemon.json, data root, logs, and the state file. */
  stateDir: string;
  /** Per-host socket, pidfile and exec root. */
  runDir: string;
  /** Test-only fault injection (SY_LAB_FAIL_AFTER). */
  failAfter?: FaultPoint | undefined;
}

/** Every path and name one lab host uses; recorded verbatim in the state file. */
export interface HostPaths {
  name: string;
  index: number;
  netns: string;
  netnsPath: string;
  stateDir: string;
  dataRoot: string;
  daemonJson: string;
  logFile: string;
  runDir: string;
  execRoot: string;
  socket: string;
  pidfile: string;
  cgroupParent: string;
}

export function hostName(index: number): string {
  return `h${index}`;
}

export function hostPaths(config: Pick<LabConfig, "stateDir" | "runDir">, index: number): HostPaths {
  const name = hostName(index);
  const netns = `sy-${name}`;
  const stateDir = path.join(config.stateDir, name);
  const runDir = path.join(config.runDir, name);
  return {
    name,
    index,
    netns,
    netnsPath: `/var/run/netns/${netns}`,
    stateDir,
    dataRoot: path.join(stateDir, "data"),
    daemonJson: path.join(stateDir, "daemon.json"),
    logFile: path.join(stateDir, "dockerd.log"),
    runDir,
    execRoot: path.join(runDir, "exec"),
    socket: path.join(runDir, "docker.sock"),
    pidfile: path.join(runDir, "docker.pid"),
    cgroupParent: `/sy-lab-${name}`,
  };
}

export function stateFilePath(config: Pick<LabConfig, "stateDir">): string {
  return path.join(config.stateDir, "state.json");
}

/** Scratch folder for the image's root file system while `up` builds it. */
export function imageRootPath(config: Pick<LabConfig, "stateDir">): string {
  return path.join(config.stateDir, "image-root");
}

export function containerName(index: number): string {
  return `c${index}`;
}

/** True when `p` is `dir` or inside it. */
export function isInside(p: string, dir: string): boolean {
  return p === dir || p.startsWith(`${dir}/`);
}
