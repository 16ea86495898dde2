import { describe, expect, it } from "vitest";
import { containerId, containerNs } from "../__fixtures__/lab-h1.ts";
import { fixtureJson } from "../__fixtures__/load.ts";
import {
  parseDockerContainerInspect,
  parseDockerContainerList,
  parseDockerInfo,
  parseDockerNetwork,
  parseDockerNetworkList,
  parseDockerVersion,
} from "./docker-engine.ts";

describe("Docker Engine API parsers on real API 1.41 documents (dockerd 20.10.24)", () => {
  it("reads /version and /info", () => {
    expect(parseDockerVersion(fixtureJson("docker-version.h1.json"))).toEqual({
      ok: true,
      value: { version: "20.10.24+dfsg1", apiVersion: "1.41", kernelVersion: "6.18.44-fc-v782" },
    });
    expect(parseDockerInfo(fixtureJson("docker-info.h1.json"))).toMatchObject({
      ok: true,
      value: { cgroupVersion: "1", cgroupDriver: "cgroupfs", serverVersion: "20.10.24+dfsg1" },
    });
  });

  it("reads /containers/json?all=1 (names without the slash)", () => {
    const result = parseDockerContainerList(fixtureJson("docker-containers.h1.json"));
    expect(result.ok && result.value.map((c) => [c.name, c.state, c.networkMode]).sort()).toEqual([
      ["c1", "running", "none"],
      ["c2", "running", "none"],
      ["c3", "running", "default"],
      ["c4", "running", "default"],
    ]);
  });

  it("reads a --net=none container and a posture container (c4)", () => {
    const c1 = parseDockerContainerInspect(fixtureJson("docker-container.h1-c1.json"));
    expect(c1.ok && c1.value).toMatchObject({
      id: containerId("c1"),
      name: "c1",
      pid: containerNs("c1").pid,
      networkMode: "none",
      sandboxKey: expect.stringMatching(/^\/run\/sy-lab\/h1\/exec\/netns\/[0-9a-f]{12}$/),
      networks: [{ name: "none", address: "" }],
    });
    const c4 = parseDockerContainerInspect(fixtureJson("docker-container.h1-c4.json"));
    expect(c4.ok && c4.value).toMatchObject({
      name: "c4",
      privileged: false,
      modes: { pid: "host", cgroupns: "host" },
      capAdd: ["CAP_NET_ADMIN"],
      capDrop: [],
      mounts: [{ type: "bind", source: "/run/sy-lab/h1/docker.sock", destination: "/var/run/docker.sock" }],
      networks: [{ name: "bridge", address: "172.17.0.3", prefixLength: 16, gateway: "172.17.0.1" }],
    });
  });

  it("treats Docker's zero values as absent (a container that never started)", () => {
    const never = parseDockerContainerInspect({
      Id: "x",
      Name: "/x",
      State: { Status: "created", Pid: 0, StartedAt: "0001-01-01T00:00:00Z" },
      NetworkSettings: { SandboxKey: "", Networks: null },
      Mounts: null,
    });
    expect(never.ok && never.value).toMatchObject({
      pid: null,
      startedAt: null,
      sandboxKey: null,
      networks: [],
      mounts: [],
    });
  });

  it("reads the default bridge with icc=true (h1) and icc=false, bip, fixed-cidr, mtu (h2)", () => {
    const h1 = parseDockerNetwork(fixtureJson("docker-network-bridge.h1.json"));
    expect(h1.ok && h1.value).toMatchObject({
      name: "bridge",
      driver: "bridge",
      subnets: [{ subnet: "172.17.0.0/16", gateway: null, ipRange: null }],
      options: {
        "com.docker.network.bridge.enable_icc": "true",
        "com.docker.network.bridge.name": "docker0",
      },
    });
    const h2 = parseDockerNetwork(fixtureJson("docker-network-bridge.h2-icc-false.json"));
    expect(h2.ok && h2.value).toMatchObject({
      subnets: [{ subnet: "192.168.77.0/24", gateway: "192.168.77.1", ipRange: "192.168.77.128/25" }],
      options: { "com.docker.network.bridge.enable_icc": "false", "com.docker.network.driver.mtu": "1450" },
      containers: [{ name: "web", ipv4Address: "192.168.77.128/24" }],
    });
  });

  it("reads /networks", () => {
    const result = parseDockerNetworkList(fixtureJson("docker-networks.h1.json"));
    expect(result.ok && result.value.map((n) => [n.name, n.driver]).sort()).toEqual([
      ["bridge", "bridge"],
      ["host", "host"],
      ["labnet", "bridge"],
      ["none", "null"],
    ]);
  });

  it("refuses documents of the wrong shape", () => {
    expect(parseDockerVersion({}).ok).toBe(false);
    expect(parseDockerContainerInspect("not json").ok).toBe(false);
    expect(parseDockerNetworkList({ message: "page not found" }).ok).toBe(false);
  });
});
