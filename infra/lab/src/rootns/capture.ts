// Capturing the machine's root network namespace: links, addresses, routes, iptables and the
// forwarding sysctls, so a run can prove the lab never touched them.
import { readFile, readlink } from "node:fs/promises";
import { z } from "zod";
import { run, runOk } from "../run.ts";
import { type Normalised, normaliseCapture, type RawCapture } from "./normalise.ts";

export const FORWARDING_SYSCTLS = [
  "net/ipv4/ip_forward",
  "net/ipv4/conf/all/forwarding",
  "net/ipv6/conf/all/forwarding",
  "net/bridge/bridge-nf-call-iptables",
  "net/bridge/bridge-nf-call-ip6tables",
] as const;

const lines = z.array(z.string());

/** The snapshot file `rootns snapshot` writes. */
export const snapshotFileSchema = z.object({
  version: z.literal(1),
  capturedAt: z.string(),
  netns: z.string(),
  sections: z.object({
    link: lines,
    addr: lines,
    route: lines,
    route6: lines,
    iptables: lines,
    ip6tables: lines,
    sysctl: lines,
  }) satisfies z.ZodType<Normalised>,
});
export type SnapshotFile = z.infer<typeof snapshotFileSchema>;

/**
 * Our network namespace (e.g. net:[4026531840]); refuses to run outside PID 1's when that can be
 * read (in some sandboxes /proc/1/ns is not readable even by root: then `check` compares the
 * namespace recorded by `snapshot` instead).
 */
export async function currentNetns(): Promise<string> {
  const self = await readlink("/proc/self/ns/net");
  const init = await readlink("/proc/1/ns/net").catch(() => null);
  if (init !== null && self !== init) {
    throw new Error(`not in the root network namespace (${self}, PID 1 has ${init})`);
  }
  return self;
}

/** iptables-save prints nothing (exit 0) when no table is loaded; a missing binary is an error. */
async function save(argv: string[]): Promise<string> {
  const r = await run(argv);
  if (r.exitCode !== 0) throw new Error(`${argv.join(" ")} failed: ${r.stderr.trim()}`);
  return r.stdout;
}

async function sysctls(): Promise<string> {
  const lines: string[] = [];
  for (const name of FORWARDING_SYSCTLS) {
    try {
      lines.push(`${name.replaceAll("/", ".")} ${(await readFile(`/proc/sys/${name}`, "utf8")).trim()}`);
    } catch {
      lines.push(`${name.replaceAll("/", ".")} (absent)`);
    }
  }
  return lines.join("\n");
}

export async function captureRaw(): Promise<RawCapture> {
  await currentNetns();
  const [link, addr, route, route6, iptables, ip6tables, sysctl] = await Promise.all([
    runOk(["ip", "-j", "link"]).then((r) => r.stdout),
    runOk(["ip", "-j", "addr"]).then((r) => r.stdout),
    runOk(["ip", "-j", "route"]).then((r) => r.stdout),
    runOk(["ip", "-6", "-j", "route"]).then((r) => r.stdout),
    save(["iptables-save"]),
    save(["ip6tables-save"]),
    sysctls(),
  ]);
  return { link, addr, route, route6, iptables, ip6tables, sysctl };
}

export async function captureRootNs(): Promise<Normalised> {
  return normaliseCapture(await captureRaw());
}

export async function snapshotFile(): Promise<SnapshotFile> {
  const netns = await currentNetns();
  return { version: 1, capturedAt: new Date().toISOString(), netns, sections: await captureRootNs() };
}
