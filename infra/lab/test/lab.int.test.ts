// The lab end to end, through the real CLI: two hosts with two containers each, the seed's
// point-to-point link built by hand between two containers, a Docker restart that applies a new
// daemon.json, and a `down` that leaves nothing — with the root namespace unchanged throughout.
import { writeFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../src/config.ts";
import { labDown } from "../src/down.ts";
import { Engine } from "../src/engine.ts";
import { captureRootNs } from "../src/rootns/capture.ts";
import { diffSnapshots, formatDiff } from "../src/rootns/diff.ts";
import type { Normalised } from "../src/rootns/normalise.ts";
import { runOk } from "../src/run.ts";
import { type HostStatus, labStatusSchema } from "../src/status.ts";
import { labUp } from "../src/up.ts";
import { lab, residue, runArgv, show } from "./helpers.ts";

const base = `/tmp/sy-lab-it-${process.pid}`;
const stateDir = `${base}/state`;
const runDir = `${base}/run`;
const env = { SY_LAB_DIR: stateDir, SY_LAB_RUN_DIR: runDir };
const dirs = [base];

let rootBefore: Normalised;
let externalBefore: string[];

async function status(): Promise<HostStatus[]> {
  const r = await lab(["status", "--json"], env);
  expect(r.exitCode, show(r)).toBe(0);
  return labStatusSchema.parse(JSON.parse(r.stdout)).hosts;
}

function host(hosts: HostStatus[], name: string): HostStatus {
  const h = hosts.find((x) => x.name === name);
  if (!h) throw new Error(`no host ${name} in status`);
  return h;
}

async function expectRootNsUnchanged(): Promise<void> {
  const diff = diffSnapshots(rootBefore, await captureRootNs());
  expect(diff.changed, formatDiff(diff)).toBe(false);
}

/** `docker -H unix://<socket> ...` (the CLI only for exec; the lab itself uses the Engine API). */
function docker(socket: string, ...args: string[]) {
  return runArgv(["docker", "-H", `unix://${socket}`, ...args]);
}

beforeAll(async () => {
  const r = await residue(dirs);
  expect(r.netns, "another lab is up (namespaces are machine-wide): run `pnpm lab down` first").toEqual([]);
  rootBefore = await captureRootNs();
  externalBefore = r.external;
});

afterAll(async () => {
  // Whatever happened above, leave nothing behind (idempotent when `down` already ran).
  await labDown({ stateDir });
});

describe("lab with two hosts", () => {
  it("`lab up --hosts 2 --containers 2` creates two hosts, each with its own dockerd and two containers", async () => {
    const up = await lab(["up", "--hosts", "2", "--containers", "2", "--json"], env);
    expect(up.exitCode, show(up)).toBe(0);
    console.info(`lab up --hosts 2 --containers 2: ${up.ms} ms (CLI, including pnpm/tsx start-up)`);

    const hosts = await status();
    expect(hosts.map((h) => h.name)).toEqual(["h1", "h2"]);
    for (const h of hosts) {
      expect(h).toMatchObject({
        netns: `sy-${h.name}`,
        netnsExists: true,
        socket: `${runDir}/${h.name}/docker.sock`,
        daemonJson: `${stateDir}/${h.name}/daemon.json`,
        dockerd: { answering: true },
        restartDocker: [
          "pnpm",
          "--silent",
          "--dir",
          REPO_ROOT,
          "lab",
          "restart-docker",
          h.name,
          "--state-dir",
          stateDir,
        ],
      });
      expect(h.dockerd.pid).toBeGreaterThan(1);
      expect(h.containers.map((c) => [c.name, c.state])).toEqual([
        ["c1", "running"],
        ["c2", "running"],
      ]);
      for (const c of h.containers)
        expect(c.sandboxKey).toMatch(new RegExp(`^${runDir}/${h.name}/exec/netns/`));
    }
    // Each host has its own docker0 and rules inside its namespace; the root namespace has neither.
    const docker0 = await runOk(["ip", "-n", "sy-h1", "-j", "link", "show", "docker0"]);
    expect(docker0.stdout).toContain('"ifname":"docker0"');
    await expectRootNsUnchanged();
  });

  it("a second `up` with the same N leaves healthy hosts alone and recreates a missing container", async () => {
    const before = await status();
    const again = await lab(["up", "--hosts", "2", "--containers", "2", "--json"], env);
    expect(again.exitCode, show(again)).toBe(0);
    const after = await status();
    expect(after.map((h) => h.dockerd.pid)).toEqual(before.map((h) => h.dockerd.pid));
    expect(after.map((h) => h.containers.map((c) => c.id))).toEqual(
      before.map((h) => h.containers.map((c) => c.id)),
    );

    const h2 = host(after, "h2");
    const c2 = h2.containers.find((c) => c.name === "c2");
    expect(await new Engine(h2.socket).removeContainer(c2?.id ?? "c2")).toBe(true);
    const report = await labUp({ stateDir, runDir }, { hosts: 2, containers: 2 });
    expect(report.hosts.map((h) => h.changed)).toEqual([[], ["container c2"]]);
    const healed = host(await status(), "h2");
    expect(healed.dockerd.pid).toBe(h2.dockerd.pid);
    expect(healed.containers.map((c) => [c.name, c.state])).toEqual([
      ["c1", "running"],
      ["c2", "running"],
    ]);
  });

  it("`up` heals a host whose dockerd was killed (-9): new dockerd, leftovers cleared, containers back", async () => {
    const hosts = await status();
    const h1Pid = host(hosts, "h1").dockerd.pid;
    const pid = host(hosts, "h2").dockerd.pid;
    if (pid === null) throw new Error("h2 has no dockerd");
    process.kill(pid, "SIGKILL");
    expect(host(await status(), "h2").dockerd).toEqual({ pid: null, answering: false });

    const up = await lab(["up", "--hosts", "2", "--containers", "2", "--json"], env);
    expect(up.exitCode, show(up)).toBe(0);
    const after = await status();
    expect(host(after, "h1").dockerd.pid).toBe(h1Pid);
    const h2 = host(after, "h2");
    expect(h2.dockerd.answering).toBe(true);
    expect(h2.dockerd.pid).not.toBe(pid);
    expect(h2.containers.map((c) => [c.name, c.state])).toEqual([
      ["c1", "running"],
      ["c2", "running"],
    ]);
  });

  it("the seed's point-to-point link between c1 and c2 on h1 answers ping both ways", async () => {
    const h1 = host(await status(), "h1");
    const [c1, c2] = h1.containers;
    if (!c1 || !c2) throw new Error("h1 needs two containers");
    // Both ends created in place, straight into the containers' namespaces (Docker's SandboxKey).
    await runOk([
      "ip",
      "-n",
      "sy-h1",
      "link",
      "add",
      "A",
      "netns",
      c1.sandboxKey,
      "type",
      "veth",
      "peer",
      "B",
      "netns",
      c2.sandboxKey,
    ]);
    const inC1 = (...args: string[]) => runOk(["nsenter", `--net=${c1.sandboxKey}`, "ip", ...args]);
    const inC2 = (...args: string[]) => runOk(["nsenter", `--net=${c2.sandboxKey}`, "ip", ...args]);
    await inC1("addr", "add", "10.1.1.1/32", "dev", "A");
    await inC2("addr", "add", "10.1.1.2/32", "dev", "B");
    await inC1("link", "set", "A", "up");
    await inC2("link", "set", "B", "up");
    await inC1("route", "add", "10.1.1.2/32", "dev", "A");
    await inC2("route", "add", "10.1.1.1/32", "dev", "B");

    const there = await docker(h1.socket, "exec", "c1", "ping", "-c1", "-W2", "10.1.1.2");
    expect(there.stdout, show(there)).toContain("1 packets transmitted, 1 packets received");
    const back = await docker(h1.socket, "exec", "c2", "ping", "-c1", "-W2", "10.1.1.1");
    expect(back.stdout, show(back)).toContain("1 packets transmitted, 1 packets received");
    // Neither end is in the lab host's namespace, let alone the root namespace.
    const hostLinks = await runOk(["ip", "-n", "sy-h1", "-o", "link"]);
    expect(hostLinks.stdout).not.toMatch(/\b[AB]@/);
    await expectRootNsUnchanged();
  });

  it("restart-docker applies a new daemon.json (bip, icc=false) inside h1 only, and the containers come back", async () => {
    const h1 = host(await status(), "h1");
    await writeFile(h1.daemonJson, `${JSON.stringify({ bip: "192.168.77.1/24", icc: false })}\n`);
    // Exactly the command `status` hands to an agent.
    const restart = await runArgv(h1.restartDocker);
    expect(restart.exitCode, show(restart)).toBe(0);
    console.info(`lab restart-docker h1: ${restart.ms} ms (CLI)`);

    const addr = await runOk(["ip", "-n", "sy-h1", "-j", "addr", "show", "docker0"]);
    expect(addr.stdout).toContain('"local":"192.168.77.1","prefixlen":24');
    const rules = await runOk(["nsenter", "--net=/var/run/netns/sy-h1", "iptables-save"]);
    expect(rules.stdout).toContain("-A FORWARD -i docker0 -o docker0 -j DROP");
    expect(rules.stdout).toContain("-A POSTROUTING -s 192.168.77.0/24 ! -o docker0 -j MASQUERADE");
    // h2 kept Docker's default bridge.
    const h2addr = await runOk(["ip", "-n", "sy-h2", "-j", "addr", "show", "docker0"]);
    expect(h2addr.stdout).not.toContain("192.168.77.1");

    const after = host(await status(), "h1");
    expect(after.dockerd.pid).not.toBe(h1.dockerd.pid);
    expect(after.dockerd.answering).toBe(true);
    expect(after.containers.map((c) => [c.name, c.state])).toEqual([
      ["c1", "running"],
      ["c2", "running"],
    ]);
    await expectRootNsUnchanged();
  });

  it("`lab down` removes namespaces, dockerds, mounts, cgroups and folders, and nothing else", async () => {
    const down = await lab(["down", "--json"], env);
    expect(down.exitCode, show(down)).toBe(0);
    console.info(`lab down (2 hosts): ${down.ms} ms (CLI)`);
    const left = await residue(dirs);
    expect(left).toEqual({
      netns: [],
      processes: [],
      mounts: [],
      cgroups: [],
      dirs: [],
      external: externalBefore,
    });
    await expectRootNsUnchanged();

    const again = await lab(["down", "--json"], env);
    expect(again.exitCode, show(again)).toBe(0);
  });
});
