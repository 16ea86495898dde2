import { available, HostSnapshot, unavailable } from "@switchyard/protocol";
import { describe, expect, it } from "vitest";
import { containerId, containerNs, emptyHostInputs, labH1Inputs, procNs } from "../__fixtures__/lab-h1.ts";
import { fixture, fixtureJson } from "../__fixtures__/load.ts";
import { buildSnapshot } from "./build.ts";
import type { SnapshotInputs } from "./inputs.ts";

describe("buildSnapshot from lab host h1's captured outputs", () => {
  const snapshot = buildSnapshot(labH1Inputs());

  it("produces a document the protocol's HostSnapshot schema accepts", () => {
    const parsed = HostSnapshot.safeParse(snapshot);
    expect(parsed.success, parsed.error?.message).toBe(true);
  });

  it("reports the host's facts", () => {
    expect(snapshot.host).toEqual({
      hostName: "sy-h1",
      machineId: available(fixture("machine-id.txt").trim()),
      kernel: available("6.18.44-fc-v782"),
      os: available({ id: "debian", versionId: "12", prettyName: "Debian GNU/Linux 12 (bookworm)" }),
      agentVersion: "0.0.0-test",
      ipForward: available(true),
      bridgeNfCallIptables: available(true),
      collectedAt: "2026-11-29T02:50:58.000Z",
    });
  });

  it("lists the host's namespace first, then the containers', each with its owner", () => {
    const namespaces = snapshot.namespaces.available ? snapshot.namespaces.value : [];
    expect(namespaces.map((ns) => [ns.kind, ns.name, ns.id])).toEqual([
      ["host", "host", procNs.labHostNetInode],
      ["container", "c1", containerNs("c1").sandboxKeyInode],
      ["container", "c2", containerNs("c2").sandboxKeyInode],
      ["container", "c3", containerNs("c3").sandboxKeyInode],
      ["container", "c4", containerNs("c4").sandboxKeyInode],
    ]);
    const c3 = namespaces[3];
    expect(c3?.owner).toEqual({ containerId: containerId("c3"), pid: containerNs("c3").pid });
    expect(
      c3?.interfaces.available &&
        c3.interfaces.value.map((i) => `${i.name} ${i.kind} ${i.addresses[0]?.address ?? "-"}`),
    ).toEqual(["lo loopback 127.0.0.1", "eth0 veth 172.17.0.2", "eth1 veth 172.30.0.2"]);
  });

  it("reports Docker: configured (nothing set) and effective default bridge options, networks, containers", () => {
    if (!snapshot.docker.available) throw new Error(snapshot.docker.reason);
    const docker = snapshot.docker.value;
    expect([docker.version, docker.apiVersion]).toEqual(["20.10.24+dfsg1", "1.41"]);
    expect(docker.daemonConfigured).toMatchObject(
      available({ bip: null, icc: null, sources: {}, problems: [] }),
    );
    expect(docker.daemonEffective).toEqual(
      available({
        networkId: expect.any(String),
        bridgeName: "docker0",
        subnet: "172.17.0.0/16",
        gateway: "172.17.0.1",
        ipRange: null,
        icc: true,
        masquerade: true,
        mtu: 1500,
        hostBindingIpv4: "0.0.0.0",
      }),
    );
    expect(docker.networks.map((n) => `${n.name}:${n.bridgeName}`)).toEqual([
      "bridge:docker0",
      "host:null",
      "labnet:br-4226b0b23118",
      "none:null",
    ]);
    expect(
      docker.containers.map((c) => [c.name, c.networkMode, c.namespaceId, c.addresses.map((a) => a.address)]),
    ).toEqual([
      ["c1", "none", containerNs("c1").sandboxKeyInode, []],
      ["c2", "none", containerNs("c2").sandboxKeyInode, []],
      ["c3", "default", containerNs("c3").sandboxKeyInode, ["172.17.0.2", "172.30.0.2"]],
      ["c4", "default", containerNs("c4").sandboxKeyInode, ["172.17.0.3"]],
    ]);
  });

  it("reports a default container's posture: private namespaces, Docker's default capabilities, no limits", () => {
    const c3 = snapshot.docker.available
      ? snapshot.docker.value.containers.find((c) => c.name === "c3")
      : undefined;
    if (!c3?.posture.available) throw new Error("no posture");
    const { namespaces, cgroup, capabilities, privileged, dockerSocketMounted } = c3.posture.value;
    expect(namespaces).toMatchObject(
      available({
        pid: { sharedWithHost: false },
        net: { sharedWithHost: false, inode: containerNs("c3").sandboxKeyInode },
        ipc: { sharedWithHost: false },
        uts: { sharedWithHost: false },
        mnt: { sharedWithHost: false },
        user: { sharedWithHost: true },
        cgroup: { sharedWithHost: true },
      }),
    );
    expect(cgroup).toMatchObject(available({ memoryLimitBytes: null, cpuQuota: null, pidsLimit: null }));
    expect(capabilities).toMatchObject(available({ addedToDockerDefault: [], droppedFromDockerDefault: [] }));
    expect([privileged, dockerSocketMounted]).toEqual([false, false]);
  });

  it("reports c4 (--pid=host --cap-add NET_ADMIN --memory 64m, Docker socket mounted)", () => {
    const c4 = snapshot.docker.available
      ? snapshot.docker.value.containers.find((c) => c.name === "c4")
      : undefined;
    if (!c4?.posture.available) throw new Error("no posture");
    const { namespaces, cgroup, capabilities, dockerSocketMounted } = c4.posture.value;
    expect(namespaces).toMatchObject(
      available({ pid: { sharedWithHost: true }, net: { sharedWithHost: false } }),
    );
    expect(capabilities.available && capabilities.value.effective).toContain("CAP_NET_ADMIN");
    expect(capabilities.available && capabilities.value.addedToDockerDefault).toEqual(["CAP_NET_ADMIN"]);
    expect(cgroup).toMatchObject(available({ memoryLimitBytes: 67108864, cpuQuota: 50000, pidsLimit: 100 }));
    expect(dockerSocketMounted).toBe(true);
  });

  it("reports iptables with owners and the MASQUERADE rules, and the nft tables", () => {
    if (!snapshot.iptables.available) throw new Error(snapshot.iptables.reason);
    expect(
      snapshot.iptables.value.masquerade.map((m) => `${m.source} ! -o ${m.outInterface} (${m.owner})`),
    ).toEqual(["172.30.0.0/24 ! -o br-4226b0b23118 (docker)", "172.17.0.0/16 ! -o docker0 (docker)"]);
    expect(snapshot.nftables.available && snapshot.nftables.value.tables.map((t) => t.name)).toEqual([
      "nat",
      "filter",
    ]);
  });
});

describe("buildSnapshot with parts missing", () => {
  it("marks every unreadable section unavailable with its reason, and still validates", () => {
    const snapshot = buildSnapshot(emptyHostInputs());
    expect(HostSnapshot.safeParse(snapshot).success).toBe(true);
    expect(snapshot.docker).toEqual(unavailable("docker socket /var/run/docker.sock: ENOENT"));
    expect(snapshot.bridges).toEqual(unavailable("namespaces: permission denied"));
    expect(snapshot.links).toEqual(unavailable("namespaces: permission denied"));
    expect(snapshot.host.bridgeNfCallIptables).toEqual(unavailable("br_netfilter not loaded"));
  });

  it("marks one namespace's interfaces unavailable when its output is garbage, and keeps the others", () => {
    const inputs = labH1Inputs();
    if (!inputs.namespaces.available) throw new Error("fixture");
    const broken: SnapshotInputs = {
      ...inputs,
      namespaces: available(
        inputs.namespaces.value.map((ns) =>
          ns.name === "c4" ? { ...ns, ipLink: available("Error: Peer netns reference is invalid.") } : ns,
        ),
      ),
      iptablesSave: available("*filter\nnonsense\n"),
    };
    const snapshot = buildSnapshot(broken);
    expect(HostSnapshot.safeParse(snapshot).success).toBe(true);
    const namespaces = snapshot.namespaces.available ? snapshot.namespaces.value : [];
    expect(namespaces.find((ns) => ns.name === "c4")?.interfaces).toMatchObject({
      available: false,
      reason: expect.stringContaining("not JSON"),
    });
    expect(namespaces.find((ns) => ns.name === "c3")?.interfaces.available).toBe(true);
    expect(snapshot.iptables).toMatchObject({ available: false, reason: expect.stringContaining("line 2") });
    // c4's Docker veth now has a peer nobody can see.
    const docker0 = snapshot.bridges.available
      ? snapshot.bridges.value.find((b) => b.name === "docker0")
      : undefined;
    expect(docker0?.ports.map((p) => p.leadsTo.kind)).toEqual(["container", "unknown"]);
  });

  it("reports a stopped container without posture, and h2's icc=false bridge as effective options", () => {
    const inputs = labH1Inputs();
    if (!inputs.docker.available) throw new Error("fixture");
    const web = fixtureJson("docker-container.h2-web.json") as { State: Record<string, unknown> };
    const stopped = { ...web, State: { ...web.State, Status: "exited", Running: false, Pid: 0 } };
    const snapshot = buildSnapshot({
      ...inputs,
      docker: available({
        ...inputs.docker.value,
        networks: [fixtureJson("docker-network-bridge.h2-icc-false.json")],
        containers: [
          {
            inspect: stopped,
            procStatus: unavailable("gone"),
            nsLinks: unavailable("gone"),
            cgroupFiles: unavailable("gone"),
          },
        ],
        daemonJson: available(fixture("daemon.h2.json")),
      }),
    });
    if (!snapshot.docker.available) throw new Error(snapshot.docker.reason);
    expect(snapshot.docker.value.containers[0]).toMatchObject({
      name: "web",
      pid: null,
      namespaceId: null,
      posture: unavailable("container is exited, not running"),
    });
    expect(snapshot.docker.value.daemonEffective).toMatchObject(
      available({
        icc: false,
        mtu: 1450,
        subnet: "192.168.77.0/24",
        gateway: "192.168.77.1",
        ipRange: "192.168.77.128/25",
      }),
    );
    expect(snapshot.docker.value.daemonConfigured).toMatchObject(
      available({ bip: "192.168.77.1/24", icc: false, mtu: 1450 }),
    );
  });

  it("never throws on garbage in any input", () => {
    const inputs = labH1Inputs();
    const garbage = available("\u0000{[not json");
    const snapshot = buildSnapshot({
      ...inputs,
      osRelease: garbage,
      ipForward: garbage,
      hostNsLinks: available({ net: "garbage" }),
      namespaces: available([
        { id: 1, kind: "host", name: "host", owner: {}, ipLink: garbage, ipAddr: garbage, ipRoute: garbage },
      ]),
      iptablesSave: garbage,
      nftRuleset: garbage,
      docker: available({
        version: "garbage",
        networks: null,
        containers: [],
        daemonJson: garbage,
        defaultsFile: garbage,
        socketPaths: [],
      }),
    });
    expect(HostSnapshot.safeParse(snapshot).success).toBe(true);
    expect(snapshot.docker.available).toBe(false);
  });
});
