import { describe, expect, it } from "vitest";
import { hostPaths } from "./config.ts";
import { emptyState, type LabState, newHostRecord, parseState } from "./state.ts";

const config = { stateDir: "/tmp/l/state", runDir: "/tmp/l/run" };

function labWithOneHost(): LabState {
  const state = emptyState(config.stateDir, config.runDir);
  state.createdRoots = ["/tmp/l", "/tmp/l/run"];
  state.external = ["/etc/docker/key.json"];
  const host = newHostRecord(hostPaths(config, 1));
  host.dockerd = {
    pid: 1234,
    startTime: 5678,
    argv: ["nsenter", "dockerd"],
    startedAt: "2026-01-01T00:00:00Z",
  };
  host.containers = [{ name: "c1", id: "abc" }];
  state.hosts.push(host);
  return state;
}

describe("lab state file", () => {
  it("round-trips what the lab created", () => {
    const state = labWithOneHost();
    expect(parseState(JSON.stringify(state), "state.json")).toEqual(state);
  });

  it("refuses a host whose folders point outside the lab folders (down must never rm -rf them)", () => {
    const state = labWithOneHost();
    const [host] = state.hosts;
    if (!host) throw new Error("fixture has one host");
    host.dataRoot = "/var/lib/docker";
    expect(() => parseState(JSON.stringify(state), "state.json")).toThrow("paths outside the lab folders");
  });

  it("refuses a created root that holds no lab folder", () => {
    const state = labWithOneHost();
    state.createdRoots = ["/etc"];
    expect(() => parseState(JSON.stringify(state), "state.json")).toThrow("holds no lab folder");
  });

  it("refuses a namespace without the sy- prefix", () => {
    const state = labWithOneHost();
    const [host] = state.hosts;
    if (!host) throw new Error("fixture has one host");
    host.netns = "default";
    expect(() => parseState(JSON.stringify(state), "state.json")).toThrow("hosts.0.netns");
  });

  it("names the file when it is not JSON", () => {
    expect(() => parseState("{", "/x/state.json")).toThrow("/x/state.json: not valid JSON");
  });
});
