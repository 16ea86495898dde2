// Docker through its Engine API (dockerode over the unix socket; never CLI scraping): version,
// networks (with the default bridge's effective options), every container inspected, plus per
// running container its /proc inputs, and the daemon's configured options from daemon.json and
// DOCKER_OPTS. One list call and one inspect per container, in parallel.
import type { ContainerInput, DockerInput } from "@switchyard/netops";
import { type Available, available, unavailable } from "@switchyard/protocol";
import Docker from "dockerode";
import { z } from "zod";
import { collectContainerProc } from "./container-proc.ts";
import type { CollectContext } from "./context.ts";
import { errnoOf, readOptionalText } from "./files.ts";

/** The few inspect fields the agent itself acts on (netops parses the whole document). */
const InspectFacts = z.object({
  Id: z.string().min(1),
  Name: z.string(),
  State: z.object({ Running: z.boolean(), Pid: z.number().int(), StartedAt: z.string() }),
  NetworkSettings: z.object({ SandboxKey: z.string().nullable().optional() }).nullable().optional(),
  HostConfig: z.object({ NetworkMode: z.string().optional() }).nullable().optional(),
});
export type InspectFacts = z.infer<typeof InspectFacts>;

/** A running container with its own network namespace file, for the namespace collector. */
export interface ContainerNamespaceRef {
  id: string;
  name: string;
  pid: number;
  startedAt: string;
  sandboxKey: string;
}

export interface DockerCollection {
  input: Available<DockerInput>;
  /** Running containers with a SandboxKey. */
  namespaces: ContainerNamespaceRef[];
}

export function dockerClient(socketPath: string, timeoutMs: number): Docker {
  return new Docker({ socketPath, timeout: timeoutMs });
}

function reasonOf(socket: string, err: unknown): string {
  return `docker socket ${socket}: ${errnoOf(err)}`;
}

/** Facts of an inspect document, or null when it does not look like one. */
export function inspectFacts(inspect: unknown): InspectFacts | null {
  const parsed = InspectFacts.safeParse(inspect);
  return parsed.success ? parsed.data : null;
}

export async function collectDocker(ctx: CollectContext, docker: Docker): Promise<DockerCollection> {
  const socket = ctx.config.dockerSocket;
  let version: unknown;
  let networks: unknown;
  let list: { Id: string }[];
  try {
    [version, networks, list] = await Promise.all([
      docker.version(),
      docker.listNetworks(),
      docker.listContainers({ all: true }),
    ]);
  } catch (err) {
    return { input: unavailable(reasonOf(socket, err)), namespaces: [] };
  }
  const inspected = await Promise.all(
    list.map(async (c) => {
      try {
        return (await docker.getContainer(c.Id).inspect()) as unknown;
      } catch {
        // Removed between list and inspect: it no longer exists.
        return null;
      }
    }),
  );
  const containers: ContainerInput[] = [];
  const namespaces: ContainerNamespaceRef[] = [];
  await Promise.all(
    inspected.map(async (inspect) => {
      const facts = inspectFacts(inspect);
      if (inspect === null || facts === null) return;
      const running = facts.State.Running && facts.State.Pid > 0;
      const proc = running
        ? await collectContainerProc(facts.Id, facts.State.Pid)
        : {
            procStatus: unavailable<never>("not running"),
            nsLinks: unavailable<never>("not running"),
            cgroupFiles: unavailable<never>("not running"),
          };
      containers.push({ inspect, ...proc });
      const sandboxKey = facts.NetworkSettings?.SandboxKey ?? "";
      if (running && sandboxKey !== "") {
        namespaces.push({
          id: facts.Id,
          name: facts.Name.replace(/^\//, ""),
          pid: facts.State.Pid,
          startedAt: facts.State.StartedAt,
          sandboxKey,
        });
      }
    }),
  );
  const [daemonJson, defaultsFile] = await Promise.all([
    readOptionalText(ctx.config.daemonJson),
    readOptionalText(ctx.config.dockerOptsFile),
  ]);
  return {
    input: available({
      version,
      networks,
      containers,
      daemonJson,
      defaultsFile,
      socketPaths: [socket],
    }),
    namespaces,
  };
}

/**
 * The containers whose id, PID or StartedAt changed since `refs` were read (restarted or gone
 * during the collection): what was read from their namespaces may belong to something else.
 */
export async function changedContainers(
  docker: Docker,
  refs: readonly ContainerNamespaceRef[],
): Promise<Set<string>> {
  const changed = new Set<string>();
  await Promise.all(
    refs.map(async (ref) => {
      try {
        const facts = inspectFacts(await docker.getContainer(ref.id).inspect());
        if (!facts || facts.State.Pid !== ref.pid || facts.State.StartedAt !== ref.startedAt)
          changed.add(ref.id);
      } catch {
        changed.add(ref.id);
      }
    }),
  );
  return changed;
}
