// One collection: every collector in parallel where they are independent, then netops'
// buildSnapshot. Containers that restarted while their namespaces were being read are
// reported without those reads (their namespace left out, their posture unavailable) and the
// caller is told to collect again soon.
import { buildSnapshot, type SnapshotInputs, snapshotHash } from "@switchyard/netops";
import { available, type HostSnapshot, unavailable } from "@switchyard/protocol";
import type Docker from "dockerode";
import type { CollectContext } from "./collectors/context.ts";
import { changedContainers, collectDocker, inspectFacts } from "./collectors/docker.ts";
import { collectHostFacts } from "./collectors/host-facts.ts";
import { collectIptables } from "./collectors/iptables.ts";
import { dumpNamespaces, findNamespaces } from "./collectors/namespaces.ts";
import { AGENT_VERSION } from "./version.ts";

export interface Collection {
  snapshot: HostSnapshot;
  hash: string;
  /** A container changed during collection: collect again shortly. */
  unsettled: boolean;
  /** Running containers' network namespace files (for the change monitors). */
  containerNamespaces: { id: string; sandboxKey: string }[];
  ms: number;
}

export async function collect(ctx: CollectContext, docker: Docker): Promise<Collection> {
  const started = Date.now();
  const collectedAt = new Date(started).toISOString();
  const [facts, iptables, dockerResult] = await Promise.all([
    collectHostFacts(ctx),
    collectIptables(ctx),
    collectDocker(ctx, docker),
  ]);
  const found = await findNamespaces(ctx, dockerResult.namespaces);
  const namespaces = found.available
    ? available(await dumpNamespaces(ctx, found.value))
    : unavailable<never>(found.reason);

  // PID reuse / restarts: re-check id, PID and StartedAt of every container whose namespace was read.
  const changed = await changedContainers(docker, dockerResult.namespaces);
  let dockerInput = dockerResult.input;
  let namespaceInput = namespaces;
  if (changed.size > 0) {
    ctx.log.debug("containers changed during collection", { ids: [...changed].map((id) => id.slice(0, 12)) });
    if (namespaceInput.available) {
      namespaceInput = available(
        namespaceInput.value.filter(
          (ns) => ns.owner.containerId === undefined || !changed.has(ns.owner.containerId),
        ),
      );
    }
    if (dockerInput.available) {
      const no = unavailable<never>("the container restarted during collection");
      dockerInput = available({
        ...dockerInput.value,
        containers: dockerInput.value.containers.map((c) => {
          const f = inspectFacts(c.inspect);
          return f && changed.has(f.Id) ? { ...c, procStatus: no, nsLinks: no, cgroupFiles: no } : c;
        }),
      });
    }
  }

  const inputs: SnapshotInputs = {
    hostName: facts.hostName,
    agentVersion: AGENT_VERSION,
    collectedAt,
    machineId: facts.machineId,
    kernelRelease: facts.kernelRelease,
    osRelease: facts.osRelease,
    ipForward: facts.ipForward,
    bridgeNfCallIptables: facts.bridgeNfCallIptables,
    hostNsLinks: facts.hostNsLinks,
    namespaces: namespaceInput,
    iptablesSave: iptables.iptablesSave,
    nftRuleset: iptables.nftRuleset,
    docker: dockerInput,
  };
  const snapshot = buildSnapshot(inputs);
  return {
    snapshot,
    hash: snapshotHash(snapshot),
    unsettled: changed.size > 0,
    containerNamespaces: dockerResult.namespaces
      .filter((c) => !changed.has(c.id))
      .map((c) => ({ id: c.id, sandboxKey: c.sandboxKey })),
    ms: Date.now() - started,
  };
}
