// `lab down`: removes exactly what the state file records, hosts in parallel; idempotent.
import { rm, rmdir } from "node:fs/promises";
import path from "node:path";
import { emptyRemoved, type Removed, teardownHost } from "./cleanup.ts";
import { imageRootPath, isInside, type LabConfig } from "./config.ts";
import { errorMessage, LabError } from "./errors.ts";
import { missingExternals, removeExternals, union } from "./externals.ts";
import { withLabLock } from "./lock.ts";
import { listLabNetns } from "./netns.ts";
import { deleteStateFile, type LabState, readState, writeState } from "./state.ts";

export interface DownReport {
  stateDir: string;
  removed: Removed;
  /** Things seen but deliberately left alone (e.g. sy-* namespaces of another lab). */
  notes: string[];
  ms: number;
}

/** Removes exactly what the lab recorded; idempotent; throws (after trying everything) on problems. */
export function labDown(config: Pick<LabConfig, "stateDir">): Promise<DownReport> {
  return withLabLock("down", "lab down", () => down(config));
}

async function down(config: Pick<LabConfig, "stateDir">): Promise<DownReport> {
  const started = Date.now();
  const removed = emptyRemoved();
  const notes: string[] = [];
  const problems: string[] = [];
  const missingBefore = await missingExternals();
  const state = await readState(config.stateDir);
  if (state) {
    // Hosts share nothing, so they come down in parallel (~1 s each, mostly dockerd's shutdown).
    const results = await Promise.all(
      state.hosts.map(async (host) => [host.name, await teardownHost(host, removed)] as const),
    );
    for (const [name, hostProblems] of results) {
      problems.push(...hostProblems);
      if (hostProblems.length === 0) state.hosts = state.hosts.filter((h) => h.name !== name);
    }
    await writeState(state);
  }
  const foreign = await listLabNetns();
  if (foreign.length > 0)
    notes.push(`left alone (not recorded by this lab): namespaces ${foreign.join(", ")}`);
  if (state && state.hosts.length === 0) {
    try {
      // Paths missing when `down` began are included: its own umount calls may create /run/mount.
      const ext = await removeExternals(union(state.external, missingBefore));
      removed.external.push(...ext.removed);
      if (ext.kept.length > 0) notes.push(`left outside the lab folders: ${ext.kept.join(", ")}`);
      await removeRoots(state, removed, notes);
    } catch (err) {
      problems.push(`lab folders: ${errorMessage(err)}`);
    }
  }
  if (problems.length > 0) {
    throw new LabError("down", null, `lab down could not remove everything: ${problems.join("; ")}`);
  }
  return { stateDir: config.stateDir, removed, notes, ms: Date.now() - started };
}

/** The state file, then the lab folders (and parents) the lab created, each only while empty. */
async function removeRoots(state: LabState, removed: Removed, notes: string[]): Promise<void> {
  await deleteStateFile(state.stateDir);
  await rm(imageRootPath(state), { recursive: true, force: true });
  for (const dir of [state.runDir, state.stateDir]) {
    // The deepest match: with /tmp/x/state and /tmp/x/run created as [/tmp/x, /tmp/x/run], the
    // run folder goes alone and /tmp/x goes with the state folder, after it.
    const top = state.createdRoots
      .filter((root) => isInside(dir, root))
      .sort((a, b) => b.length - a.length)[0];
    if (top === undefined) continue;
    // rmdir from the lab folder up to the top-most folder the lab created; stop at the first
    // one that is not empty (someone else put something there) or already gone.
    for (let d = dir; isInside(d, top); d = path.dirname(d)) {
      try {
        await rmdir(d);
        removed.dirs.push(d);
      } catch (err) {
        if (!(err instanceof Error && "code" in err && err.code === "ENOENT")) {
          notes.push(`kept ${d}: ${errorMessage(err)}`);
          break;
        }
      }
      if (d === top) break;
    }
  }
}
