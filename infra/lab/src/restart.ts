// `lab restart-docker <host>`: stop the host's dockerd by its pid (verified to be ours), start the
// same command again (it reads the current daemon.json), wait for _ping and for the containers.
import { emptyRemoved, stopHostDaemon, sweepHost } from "./cleanup.ts";
import { dockerdArgv } from "./commands.ts";
import { type LabConfig, stateFilePath } from "./config.ts";
import { spawnDockerd, waitForDockerd } from "./dockerd.ts";
import { Engine } from "./engine.ts";
import { errorMessage, LabError } from "./errors.ts";
import { existingOf, missingExternals, union } from "./externals.ts";
import { withLabLock } from "./lock.ts";
import { type DockerdRecord, findHost, readState, writeState } from "./state.ts";

export interface RestartReport {
  host: string;
  oldPid: number | null;
  newPid: number;
  ms: number;
  containers: Array<{ name: string; running: boolean }>;
}

export interface RestartOptions {
  signal?: AbortSignal | undefined;
  onProgress?: ((line: string) => void) | undefined;
}

/** Restarts one host's dockerd: stop by pid (verified), start the same command, wait for _ping. */
export function restartDocker(
  config: Pick<LabConfig, "stateDir">,
  name: string,
  options: RestartOptions = {},
): Promise<RestartReport> {
  return withLabLock("restart", `lab restart-docker ${name}`, () => restart(config, name, options));
}

async function restart(
  config: Pick<LabConfig, "stateDir">,
  name: string,
  options: RestartOptions,
): Promise<RestartReport> {
  const started = Date.now();
  const state = await readState(config.stateDir);
  const host = state ? findHost(state, name) : undefined;
  if (!state || !host) {
    throw new LabError(
      "restart",
      name,
      `no lab host ${name} in ${stateFilePath(config)} (run \`lab up\` first)`,
    );
  }
  const missingBefore = await missingExternals();
  const removed = emptyRemoved();
  const before = host.dockerd?.pid ?? null;
  try {
    await stopHostDaemon(host, removed);
  } catch (err) {
    throw new LabError("restart", name, `could not stop dockerd: ${errorMessage(err)}`, { cause: err });
  }
  const oldPid = removed.processes.includes(before ?? -1) ? before : (removed.processes[0] ?? null);
  options.onProgress?.(`${name}: dockerd ${oldPid ?? "(not running)"} stopped`);
  const argv = host.dockerd?.argv ?? dockerdArgv(host);
  let fresh: DockerdRecord;
  try {
    fresh = await spawnDockerd(host, argv);
    host.dockerd = fresh;
    await writeState(state);
    await waitForDockerd(host, fresh, { signal: options.signal });
  } catch (err) {
    const removedAfter = emptyRemoved();
    await sweepHost(host, removedAfter).catch(() => undefined);
    throw new LabError("restart", name, `dockerd did not come back: ${errorMessage(err)}`, { cause: err });
  } finally {
    state.external = union(state.external, await existingOf(missingBefore));
    await writeState(state);
  }
  const containers = await waitForContainers(
    new Engine(host.socket),
    host.containers.map((c) => c.name),
  );
  options.onProgress?.(`${name}: dockerd pid ${fresh.pid} answers`);
  return { host: name, oldPid, newPid: fresh.pid, ms: Date.now() - started, containers };
}

/** dockerd restarts `unless-stopped` containers while it starts; wait (bounded) until they run. */
async function waitForContainers(
  engine: Engine,
  names: string[],
): Promise<Array<{ name: string; running: boolean }>> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const states = await Promise.all(
      names.map(async (name) => ({
        name,
        running: (await engine.inspectContainer(name))?.State.Running ?? false,
      })),
    );
    if (states.every((s) => s.running) || Date.now() > deadline) return states;
    await new Promise((r) => setTimeout(r, 200));
  }
}
