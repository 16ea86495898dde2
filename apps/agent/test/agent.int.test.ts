// The agent against the real stack: real PostgreSQL, the real web process (built .next) and a
// real 3-host lab whose agents `pnpm lab up --server --token` starts. Every check compares what
// the database holds with what the kernel, iptables, Docker and /proc say in that lab host's
// namespace right now. Changes are made only inside lab namespaces and lab containers.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { labDown } from "@switchyard/lab";
import {
  type HostSnapshot,
  HostSnapshot as HostSnapshotSchema,
  type NetworkNamespace,
} from "@switchyard/protocol";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { captureRootNs } from "../../../infra/lab/src/rootns/capture.ts";
import { diffSnapshots, formatDiff } from "../../../infra/lab/src/rootns/diff.ts";
import type { Normalised } from "../../../infra/lab/src/rootns/normalise.ts";
import { type HostStatus, labStatusSchema } from "../../../infra/lab/src/status.ts";
import { lab, residue, runArgv, show } from "../../../infra/lab/test/helpers.ts";
import { type Stack, startStack } from "./stack.ts";

const base = `/tmp/sy-agent-it-${process.pid}`;
const stateDir = `${base}/state`;
const env = { SY_LAB_DIR: stateDir, SY_LAB_RUN_DIR: `${base}/run` };
const AGENT_MAIN = path.join(import.meta.dirname, "..", "src", "main.ts");
const HOSTS = ["h1", "h2", "h3"] as const;
/** Every lab host runs with these daemon options, so bip / MTU / icc differ from Docker's defaults. */
const DAEMON_JSON = { bip: "192.168.77.1/24", icc: false, mtu: 1450 };

let stack: Stack;
let rootBefore: Normalised;
let labStatus: HostStatus[] = [];
/** A temp folder for the test's own files (the daemon.json override). */
let scratch: string | undefined;
const timings: Record<string, number> = {};

function labHost(name: string): HostStatus {
  const h = labStatus.find((x) => x.name === name);
  if (!h) throw new Error(`no lab host ${name}`);
  return h;
}

async function run(argv: string[]): Promise<string> {
  const r = await runArgv(argv);
  if (r.exitCode !== 0) throw new Error(show(r));
  return r.stdout;
}

async function json<T = unknown>(argv: string[]): Promise<T> {
  return JSON.parse(await run(argv)) as T;
}

/** The latest snapshot of a host as the database holds it (null when none yet). */
async function stored(hostName: string): Promise<{ snapshot: HostSnapshot; status: string } | null> {
  const rows = await stack.sql`
    select h.status, s.snapshot from hosts h join host_snapshots s on s.host_id = h.id where h.name = ${hostName}`;
  const row = rows[0];
  if (!row) return null;
  return { snapshot: HostSnapshotSchema.parse(row.snapshot), status: String(row.status) };
}

async function mustStored(hostName: string): Promise<HostSnapshot> {
  const s = await stored(hostName);
  if (!s) throw new Error(`no snapshot of ${hostName} in the database yet`);
  return s.snapshot;
}

function value<T>(a: { available: true; value: T } | { available: false; reason: string }, what: string): T {
  if (!a.available) throw new Error(`${what} unavailable: ${a.reason}`);
  return a.value;
}

function hostNs(s: HostSnapshot): NetworkNamespace {
  const ns = value(s.namespaces, "namespaces").find((n) => n.kind === "host");
  if (!ns) throw new Error("no host namespace in the snapshot");
  return ns;
}

function containerNs(s: HostSnapshot, name: string): NetworkNamespace {
  const ns = value(s.namespaces, "namespaces").find((n) => n.kind === "container" && n.name === name);
  if (!ns) throw new Error(`no namespace of container ${name} in the snapshot`);
  return ns;
}

const sorted = (xs: string[]) => [...xs].sort();

interface IpLinkJson {
  ifname: string;
  linkinfo?: { info_kind?: string };
}
interface IpAddrJson {
  ifname: string;
  addr_info: { family: string; local: string; prefixlen: number }[];
}
interface IpRouteJson {
  dst: string;
  dev?: string;
}

/** What `ip -n`, iptables-save, /proc and Docker say about a lab host now, in comparable form. */
async function reality(h: HostStatus) {
  const ns = h.netns;
  const nsenter = ["nsenter", `--net=/var/run/netns/${ns}`];
  const [links, addrs, routes, natSave, ipForward, inspect, bridgeNet] = await Promise.all([
    json<IpLinkJson[]>(["ip", "-n", ns, "-j", "-d", "link", "show"]),
    json<IpAddrJson[]>(["ip", "-n", ns, "-j", "addr", "show"]),
    json<IpRouteJson[]>(["ip", "-n", ns, "-j", "route", "show"]),
    run([...nsenter, "iptables-save", "-t", "nat"]),
    run([...nsenter, "cat", "/proc/sys/net/ipv4/ip_forward"]),
    json<{ Id: string; Name: string; State: { Pid: number; Status: string } }[]>([
      "docker",
      "-H",
      `unix://${h.socket}`,
      "inspect",
      ...h.containers.map((c) => c.id),
    ]),
    json<{ IPAM: { Config: { Subnet: string }[] }; Options: Record<string, string> }[]>([
      "docker",
      "-H",
      `unix://${h.socket}`,
      "network",
      "inspect",
      "bridge",
    ]),
  ]);
  const bridgeOptions = bridgeNet[0]?.Options ?? {};
  return {
    interfaces: sorted(links.map((l) => l.ifname)),
    bridges: sorted(links.filter((l) => l.linkinfo?.info_kind === "bridge").map((l) => l.ifname)),
    addresses: sorted(
      addrs.flatMap((a) =>
        a.addr_info.filter((i) => i.family === "inet").map((i) => `${a.ifname} ${i.local}/${i.prefixlen}`),
      ),
    ),
    routes: sorted(
      routes.map((r) => {
        const dst = r.dst === "default" ? "0.0.0.0/0" : r.dst.includes("/") ? r.dst : `${r.dst}/32`;
        return `${dst} ${r.dev ?? "-"}`;
      }),
    ),
    masquerade: sorted(
      natSave
        .split("\n")
        .filter((l) => l.startsWith("-A ") && l.includes("-j MASQUERADE"))
        .map((l) => /-s (\S+)/.exec(l)?.[1] ?? "any"),
    ),
    ipForward: ipForward.trim() === "1",
    containers: sorted(
      inspect.map((c) => `${c.Name.replace(/^\//, "")} ${c.Id} ${c.State.Pid} ${c.State.Status}`),
    ),
    bridge: {
      subnet: bridgeNet[0]?.IPAM.Config[0]?.Subnet ?? null,
      icc: bridgeOptions["com.docker.network.bridge.enable_icc"] !== "false",
      mtu: bridgeOptions["com.docker.network.driver.mtu"]
        ? Number(bridgeOptions["com.docker.network.driver.mtu"])
        : null,
    },
  };
}

/** The same facts as the stored snapshot says them. */
function reported(s: HostSnapshot) {
  const host = hostNs(s);
  const interfaces = value(host.interfaces, "host interfaces");
  const docker = value(s.docker, "docker");
  const effective = value(docker.daemonEffective, "daemonEffective");
  return {
    interfaces: sorted(interfaces.map((i) => i.name)),
    bridges: sorted(
      value(s.bridges, "bridges")
        .filter((b) => b.namespaceId === host.id)
        .map((b) => b.name),
    ),
    addresses: sorted(
      interfaces.flatMap((i) =>
        i.addresses.filter((a) => a.family === "inet").map((a) => `${i.name} ${a.address}/${a.prefixLength}`),
      ),
    ),
    routes: sorted(
      value(host.routes, "host routes")
        .filter((r) => r.family === "inet")
        .map((r) => `${r.dst} ${r.dev ?? "-"}`),
    ),
    masquerade: sorted(value(s.iptables, "iptables").masquerade.map((m) => m.source ?? "any")),
    ipForward: value(s.host.ipForward, "ipForward"),
    containers: sorted(docker.containers.map((c) => `${c.name} ${c.id} ${c.pid ?? 0} ${c.state}`)),
    bridge: { subnet: effective.subnet, icc: effective.icc, mtu: effective.mtu },
  };
}

async function refreshLabStatus(): Promise<void> {
  const r = await lab(["status", "--json"], env);
  expect(r.exitCode, show(r)).toBe(0);
  labStatus = labStatusSchema.parse(JSON.parse(r.stdout)).hosts;
}

/** Polls until the stored snapshot of `host` satisfies `check` (which throws until it does); returns ms taken. */
async function until(host: string, check: (s: HostSnapshot) => void, timeout = 15_000): Promise<number> {
  const started = Date.now();
  await vi.waitFor(async () => check(await mustStored(host)), { timeout, interval: 100 });
  return Date.now() - started;
}

beforeAll(async () => {
  const r = await residue([base]);
  expect(r.netns, "another lab is up (namespaces are machine-wide): run `pnpm lab down` first").toEqual([]);
  rootBefore = await captureRootNs();
  stack = await startStack();
});

afterAll(async () => {
  // Whatever happened, leave nothing behind: the agents go down with the lab.
  await labDown({ stateDir }).catch((err: unknown) => console.error("lab down failed", err));
  await stack?.stop();
  await rm(base, { recursive: true, force: true });
  if (scratch) await rm(scratch, { recursive: true, force: true });
  console.log("agent int timings (ms):", JSON.stringify(timings));
});

describe("switchyard-agent in a 3-host lab", () => {
  it("three agents enroll with one token (maxUses 3); each host's snapshot in the database matches its namespace", async () => {
    const token = await stack.enrollmentToken({ maxUses: 3 });
    labToken = token;
    scratch = await mkdtemp(path.join(tmpdir(), "sy-agent-it-"));
    const daemonJson = path.join(scratch, "daemon.json");
    await writeFile(daemonJson, JSON.stringify(DAEMON_JSON));
    const started = Date.now();
    const up = await lab(
      [
        "up",
        "--hosts",
        "3",
        "--containers",
        "2",
        "--daemon-json",
        daemonJson,
        "--server",
        stack.web.url,
        "--token",
        token,
        "--json",
      ],
      env,
    );
    expect(up.exitCode, show(up)).toBe(0);
    timings.labUp = up.ms;
    await refreshLabStatus();
    for (const name of HOSTS) {
      const agent = labHost(name).agent;
      expect(agent?.running, `${name} agent: ${JSON.stringify(agent)}`).toBe(true);
      expect(agent?.state).toBe("connected");
    }
    // The token's three uses are spent on exactly these three hosts, each online with a snapshot.
    await vi.waitFor(
      async () => {
        for (const name of HOSTS) expect((await stored(`sy-${name}`))?.status).toBe("online");
      },
      { timeout: 20_000, interval: 200 },
    );
    timings.upToThreeSnapshots = Date.now() - started;

    for (const name of HOSTS) {
      const h = labHost(name);
      const real = await reality(h);
      // The report may be one collection behind a change Docker makes by itself; poll briefly.
      await vi.waitFor(async () => expect(reported(await mustStored(`sy-${name}`))).toEqual(real), {
        timeout: 10_000,
        interval: 200,
      });
      expect(real.bridge).toEqual({ subnet: "192.168.77.0/24", icc: false, mtu: 1450 });
      expect(real.masquerade).toContain("192.168.77.0/24");
      const s = await mustStored(`sy-${name}`);
      expect(s.host.hostName).toBe(`sy-${name}`);
      const configured = value(value(s.docker, "docker").daemonConfigured, "daemonConfigured");
      expect(configured).toMatchObject({ bip: "192.168.77.1/24", icc: false, mtu: 1450 });
      // Its containers' namespaces are reported with the container as owner.
      for (const c of h.containers) {
        expect(containerNs(s, c.name).owner).toMatchObject({ containerId: c.id, pid: c.pid });
      }
    }
    const rows = await stack.sql`select labels from hosts where name = 'sy-h1'`;
    expect(rows[0]?.labels).toMatchObject({ lab: "true", site: "lab" });
  });

  it("a --pid=host --cap-add NET_ADMIN --memory 64m container shows its shared pid namespace, NET_ADMIN and 64 MiB; a default one private namespaces and Docker's default capabilities", async () => {
    const h = labHost("h1");
    const docker = ["docker", "-H", `unix://${h.socket}`];
    await run([
      ...docker,
      "run",
      "-d",
      "--name",
      "posture",
      "--pid=host",
      "--cap-add",
      "NET_ADMIN",
      "--memory",
      "64m",
      "switchyard-lab/busybox:latest",
      "sleep",
      "1d",
    ]);
    await run([...docker, "run", "-d", "--name", "plain", "switchyard-lab/busybox:latest", "sleep", "1d"]);
    timings.postureVisible = await until("sy-h1", (s) => {
      const containers = value(s.docker, "docker").containers;
      const posture = containers.find((c) => c.name === "posture");
      const plain = containers.find((c) => c.name === "plain");
      expect(posture?.state).toBe("running");
      expect(plain?.state).toBe("running");
      const p = value(posture?.posture ?? { available: false, reason: "absent" }, "posture");
      expect(value(p.namespaces, "namespaces").pid?.sharedWithHost).toBe(true);
      expect(value(p.namespaces, "namespaces").net?.sharedWithHost).toBe(false);
      expect(value(p.capabilities, "caps").effective).toContain("CAP_NET_ADMIN");
      expect(value(p.capabilities, "caps").addedToDockerDefault).toEqual(["CAP_NET_ADMIN"]);
      expect(value(p.cgroup, "cgroup").memoryLimitBytes).toBe(64 * 1024 * 1024);
      const d = value(plain?.posture ?? { available: false, reason: "absent" }, "posture");
      const ns = value(d.namespaces, "namespaces");
      for (const type of ["pid", "net", "ipc", "uts", "mnt"] as const)
        expect(ns[type]?.sharedWithHost, type).toBe(false);
      expect(value(d.capabilities, "caps").addedToDockerDefault).toEqual([]);
      expect(value(d.capabilities, "caps").droppedFromDockerDefault).toEqual([]);
      expect(value(d.cgroup, "cgroup").memoryLimitBytes).toBeNull();
      expect(d.privileged).toBe(false);
    });
  });

  it("changes made by hand (a bridge, a deleted MASQUERADE rule, a stopped container) reach the database within seconds", async () => {
    await run(["ip", "-n", "sy-h1", "link", "add", "br-test", "type", "bridge"]);
    timings.newBridge = await until("sy-h1", (s) =>
      expect(value(s.bridges, "bridges").map((b) => b.name)).toContain("br-test"),
    );

    await run([
      "nsenter",
      "--net=/var/run/netns/sy-h2",
      "iptables",
      "-w",
      "-t",
      "nat",
      "-D",
      "POSTROUTING",
      "-s",
      "192.168.77.0/24",
      "!",
      "-o",
      "docker0",
      "-j",
      "MASQUERADE",
    ]);
    timings.deletedMasquerade = await until("sy-h2", (s) =>
      expect(value(s.iptables, "iptables").masquerade.map((m) => m.source)).not.toContain("192.168.77.0/24"),
    );

    const h3 = labHost("h3");
    await run(["docker", "-H", `unix://${h3.socket}`, "stop", "c2"]);
    timings.stoppedContainer = await until("sy-h3", (s) => {
      const c2 = value(s.docker, "docker").containers.find((c) => c.name === "c2");
      expect(c2?.state).toBe("exited");
    });
    for (const [what, ms] of Object.entries(timings))
      if (["newBridge", "deletedMasquerade", "stoppedContainer"].includes(what))
        expect(ms, what).toBeLessThan(5_000);

    // And after all that, each host still matches its namespace exactly.
    await refreshLabStatus();
    for (const name of HOSTS) {
      const real = await reality(labHost(name));
      await vi.waitFor(async () => expect(reported(await mustStored(`sy-${name}`))).toEqual(real), {
        timeout: 10_000,
      });
    }
  });

  it("a veth pair made by hand between c1 and c2 of h1 (10.1.1.1/32 <-> 10.1.1.2/32, peer routes) is a point-to-point link", async () => {
    const h = labHost("h1");
    const c1 = h.containers.find((c) => c.name === "c1");
    const c2 = h.containers.find((c) => c.name === "c2");
    if (!c1 || !c2) throw new Error("lab containers c1/c2 missing on h1");
    // LAB.md's recipe: both ends created in place, then an address and a route to the peer in each.
    await run([
      "ip",
      "-n",
      "sy-h1",
      "link",
      "add",
      "A",
      "netns",
      String(c1.pid),
      "type",
      "veth",
      "peer",
      "B",
      "netns",
      String(c2.pid),
    ]);
    for (const [c, dev, local, peer] of [
      [c1, "A", "10.1.1.1/32", "10.1.1.2/32"],
      [c2, "B", "10.1.1.2/32", "10.1.1.1/32"],
    ] as const) {
      const inside = ["nsenter", `--net=${c.sandboxKey}`, "ip"];
      await run([...inside, "addr", "add", local, "dev", dev]);
      await run([...inside, "link", "set", dev, "up"]);
      await run([...inside, "route", "add", peer, "dev", dev]);
    }
    await run(["docker", "-H", `unix://${h.socket}`, "exec", "c1", "ping", "-c1", "-W2", "10.1.1.2"]);
    timings.p2pLink = await until("sy-h1", (s) => {
      const ns1 = containerNs(s, "c1").id;
      const ns2 = containerNs(s, "c2").id;
      const link = value(s.links, "links").find(
        (l) =>
          [l.a.namespaceId, l.b.namespaceId].includes(ns1) &&
          [l.a.namespaceId, l.b.namespaceId].includes(ns2),
      );
      expect(link, "a link between c1 and c2").toBeDefined();
      const ends = [link?.a, link?.b].map(
        (e) => `${e?.namespaceId === ns1 ? "c1" : "c2"} ${e?.ifname} ${e?.addresses.join(",")}`,
      );
      expect(sorted(ends)).toEqual(["c1 A 10.1.1.1/32", "c2 B 10.1.1.2/32"]);
      expect(link?.complete).toBe(true);
      expect(
        sorted((link?.routes ?? []).map((r) => `${r.namespaceId === ns1 ? "c1" : "c2"} ${r.dst} ${r.dev}`)),
      ).toEqual(["c1 10.1.1.2/32 A", "c2 10.1.1.1/32 B"]);
    });
  });

  it("a 4th agent with the used-up token is refused: it exits 1 saying so, and no host is added", async () => {
    if (labToken === undefined) throw new Error("the first test did not run");
    const agentState = await mkdtemp(path.join(tmpdir(), "sy-agent-it-4th-"));
    const h = labHost("h1");
    const before = await stack.sql`select count(*)::int as n from hosts`;
    const r = await runArgv(
      [
        process.execPath,
        "--import",
        "tsx",
        AGENT_MAIN,
        "run",
        "--server",
        stack.web.url,
        "--state-dir",
        agentState,
        "--netns",
        "sy-h1",
        "--docker-socket",
        h.socket,
        "--host-name",
        "sy-h4",
      ],
      // The lab's token had maxUses 3; h1..h3 used them all. The token travels in the environment.
      { SWITCHYARD_AGENT_ENROLLMENT_TOKEN: labToken },
    );
    expect(r.exitCode, show(r)).toBe(1);
    expect(r.stderr).toContain("enrollment refused");
    expect((await stack.sql`select count(*)::int as n from hosts`)[0]?.n).toBe(before[0]?.n);
    expect(await stack.sql`select 1 from hosts where name = 'sy-h4'`).toHaveLength(0);
    await expect(readFile(path.join(agentState, "credential.json"))).rejects.toThrow();
    await rm(agentState, { recursive: true, force: true });
  });

  it("the root namespace is unchanged", async () => {
    const diff = diffSnapshots(rootBefore, await captureRootNs());
    expect(diff.changed, formatDiff(diff)).toBe(false);
  });
});

/** The token `lab up` was given (the 4th agent reuses it once its uses are spent). */
let labToken: string | undefined;
