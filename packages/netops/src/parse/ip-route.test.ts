import { describe, expect, it } from "vitest";
import { fixture } from "../__fixtures__/load.ts";
import { normaliseDst, parseIpRoute } from "./ip-route.ts";

describe("parseIpRoute on real `ip -json route show` output", () => {
  it("reads lab host h1: a bare host route becomes /32, connected routes keep protocol and prefsrc", () => {
    const result = parseIpRoute(fixture("ip-route.h1.json"));
    if (!result.ok) throw new Error(result.error);
    expect(result.value[0]).toEqual({
      family: "inet",
      dst: "10.1.2.2/32",
      gateway: null,
      dev: "C",
      protocol: null,
      scope: "link",
      metric: null,
      prefsrc: null,
      type: null,
    });
    expect(result.value.find((r) => r.dev === "docker0")).toMatchObject({
      dst: "172.17.0.0/16",
      protocol: "kernel",
      prefsrc: "172.17.0.1",
    });
  });

  it("reads a container's default route as 0.0.0.0/0 via the gateway", () => {
    const result = parseIpRoute(fixture("ip-route.h1-c3.json"));
    expect(result.ok && result.value[0]).toMatchObject({
      dst: "0.0.0.0/0",
      gateway: "172.17.0.1",
      dev: "eth0",
    });
  });

  it("reads the seed's peer routes in c1", () => {
    const result = parseIpRoute(fixture("ip-route.h1-c1.json"));
    expect(result.ok && result.value.map((r) => `${r.dst} dev ${r.dev}`)).toEqual([
      "10.1.1.2/32 dev A",
      "10.1.2.1/32 dev D",
    ]);
  });

  it("normalises destinations", () => {
    expect(normaliseDst("default", "inet6")).toBe("::/0");
    expect(normaliseDst("fd00::1", "inet6")).toBe("fd00::1/128");
    expect(normaliseDst("10.0.0.0/8", "inet")).toBe("10.0.0.0/8");
    const unreachable = parseIpRoute('[{"type":"unreachable","dst":"10.9.0.0/16","flags":[]}]');
    expect(unreachable.ok && unreachable.value[0]).toMatchObject({ type: "unreachable", dev: null });
  });
});
