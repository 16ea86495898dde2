// Network namespaces and their per-namespace dumps (`ip -json -d link`, `ip -json addr`,
// `ip -json route`: three commands per namespace, never one per interface).
// Which namespaces: the host's; every running container's (entered by its SandboxKey); in
// production also the named ones (`ip netns`) and those only a process holds (/proc/*/ns/net),
// each with its owner. In a lab, named and process-held namespaces are machine-wide (every lab
// host's and every other lab container's would show up on each host), so they are left out.
import { readdir, readFile, readlink } from "node:fs/promises";
import { type NamespaceInput, parseNsLink } from "@switchyard/netops";
import {
  type Available,
  available,
  type NamespaceKind,
  type NamespaceOwner,
  unavailable,
} from "@switchyard/protocol";
import { z } from "zod";
import { mapLimit } from "../map-limit.ts";
import { ipArgv, ipDumpArgvs, NETNS_RUN_DIR, type NsTarget } from "../ns-commands.ts";
import type { CollectContext } from "./context.ts";
import type { ContainerNamespaceRef } from "./docker.ts";
import { nsInode } from "./files.ts";
import { runText } from "./run-text.ts";

/** At most this many process-held namespaces are reported (a runaway would otherwise flood the report). */
const MAX_PROCESS_NAMESPACES = 256;
const DUMP_CONCURRENCY = 8;

/** A namespace found, and how to enter it. */
export interface FoundNamespace {
  id: number;
  kind: NamespaceKind;
  name: string;
  owner: NamespaceOwner;
  target: NsTarget;
}

const NetnsList = z.array(z.object({ name: z.string().min(1).max(256) }));

async function hostNamespace(ctx: CollectContext): Promise<FoundNamespace | string> {
  if (ctx.host.kind === "named") {
    const id = await nsInode(`${NETNS_RUN_DIR}/${ctx.host.name}`);
    if (id === null) return `network namespace ${ctx.host.name} does not exist`;
    return { id, kind: "host", name: "host", owner: { netnsName: ctx.host.name }, target: ctx.host };
  }
  const id = await nsInode("/proc/self/ns/net");
  if (id === null) return "/proc/self/ns/net is unreadable";
  return { id, kind: "host", name: "host", owner: {}, target: ctx.host };
}

async function namedNamespaces(ctx: CollectContext): Promise<FoundNamespace[]> {
  const out = await runText(ctx, ipArgv({ kind: "self" }, ["-json", "netns", "list"]));
  if (!out.available || out.value.trim() === "") return [];
  let json: unknown;
  try {
    json = JSON.parse(out.value);
  } catch {
    return [];
  }
  const parsed = NetnsList.safeParse(json);
  if (!parsed.success) return [];
  const found: FoundNamespace[] = [];
  for (const { name } of parsed.data) {
    if (name.includes("/") || name === "." || name === "..") continue;
    const id = await nsInode(`${NETNS_RUN_DIR}/${name}`);
    if (id !== null)
      found.push({ id, kind: "named", name, owner: { netnsName: name }, target: { kind: "named", name } });
  }
  return found;
}

async function processNamespaces(known: ReadonlySet<number>): Promise<FoundNamespace[]> {
  let entries: string[];
  try {
    entries = await readdir("/proc");
  } catch {
    return [];
  }
  const byInode = new Map<number, number>();
  for (const entry of entries) {
    if (!/^[0-9]+$/.test(entry)) continue;
    const pid = Number(entry);
    let link: string;
    try {
      link = await readlink(`/proc/${pid}/ns/net`);
    } catch {
      continue; // gone, or not ours to read without root
    }
    const parsed = parseNsLink(link);
    if (!parsed.ok || known.has(parsed.value.inode)) continue;
    const holder = byInode.get(parsed.value.inode);
    if (holder === undefined || pid < holder) byInode.set(parsed.value.inode, pid);
  }
  const found: FoundNamespace[] = [];
  for (const [id, pid] of [...byInode].slice(0, MAX_PROCESS_NAMESPACES)) {
    let comm = "?";
    try {
      comm = (await readFile(`/proc/${pid}/comm`, "utf8")).trim();
    } catch {
      // the process ended; its namespace may be gone too, the dump will say so
    }
    found.push({
      id,
      kind: "process",
      name: `pid ${pid} (${comm.slice(0, 32)})`,
      owner: { pid },
      target: { kind: "path", path: `/proc/${pid}/ns/net` },
    });
  }
  return found;
}

/** Every namespace to report (not yet dumped). */
export async function findNamespaces(
  ctx: CollectContext,
  containers: readonly ContainerNamespaceRef[],
): Promise<Available<FoundNamespace[]>> {
  const host = await hostNamespace(ctx);
  if (typeof host === "string") return unavailable(host);
  const found: FoundNamespace[] = [host];
  const known = new Set([host.id]);
  for (const c of containers) {
    const id = await nsInode(c.sandboxKey);
    // --net=host and container:<x> namespaces are already in the list.
    if (id === null || known.has(id)) continue;
    known.add(id);
    found.push({
      id,
      kind: "container",
      name: c.name,
      owner: { containerId: c.id, pid: c.pid },
      target: { kind: "path", path: c.sandboxKey },
    });
  }
  if (!ctx.lab) {
    for (const ns of await namedNamespaces(ctx)) {
      if (known.has(ns.id)) continue;
      known.add(ns.id);
      found.push(ns);
    }
    found.push(...(await processNamespaces(known)));
  }
  return available(found);
}

/** Runs the three dumps in each namespace. */
export async function dumpNamespaces(
  ctx: CollectContext,
  found: readonly FoundNamespace[],
): Promise<NamespaceInput[]> {
  return mapLimit(found, DUMP_CONCURRENCY, async (ns) => {
    const argv = ipDumpArgvs(ns.target);
    const [ipLink, ipAddr, ipRoute] = await Promise.all([
      runText(ctx, argv.link),
      runText(ctx, argv.addr),
      runText(ctx, argv.route),
    ]);
    return { id: ns.id, kind: ns.kind, name: ns.name, owner: ns.owner, ipLink, ipAddr, ipRoute };
  });
}
