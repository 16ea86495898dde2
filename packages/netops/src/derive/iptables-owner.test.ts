import { describe, expect, it } from "vitest";
import { fixture } from "../__fixtures__/load.ts";
import { parseIptablesSave } from "../parse/iptables-save.ts";
import { chainOwner, isDockerBridge, tagIptables } from "./iptables-owner.ts";
import { masqueradeForSubnet } from "./masquerade.ts";

function tagged(name: string, context = {}) {
  const save = parseIptablesSave(fixture(name));
  if (!save.ok) throw new Error(save.error);
  return tagIptables(save.value, context);
}

describe("iptables owners on real dumps", () => {
  it("tags every rule of a Docker-only host (h1) as Docker's, and the built-in chains as other", () => {
    const iptables = tagged("iptables-save.h1.txt");
    expect(iptables.filter.rules.every((r) => r.owner === "docker")).toBe(true);
    expect(iptables.nat.rules.every((r) => r.owner === "docker")).toBe(true);
    expect(iptables.filter.chains.map((c) => `${c.name}:${c.owner}:${c.builtin}`)).toEqual([
      "INPUT:other:true",
      "FORWARD:other:true",
      "OUTPUT:other:true",
      "DOCKER:docker:false",
      "DOCKER-ISOLATION-STAGE-1:docker:false",
      "DOCKER-ISOLATION-STAGE-2:docker:false",
      "DOCKER-USER:docker:false",
    ]);
  });

  it("tells Switchyard's chain, the admin's DOCKER-USER rule and Docker's apart", () => {
    const iptables = tagged("iptables-save.h1-switchyard.txt");
    const owner = (raw: string) => iptables.filter.rules.find((r) => r.raw === raw)?.owner;
    expect(owner("-A DOCKER-USER -j SWITCHYARD-ISOLATION")).toBe("switchyard");
    expect(owner("-A DOCKER-USER -s 10.9.0.0/16 -j DROP")).toBe("other");
    expect(owner("-A DOCKER-USER -j RETURN")).toBe("docker");
    expect(owner("-A SWITCHYARD-ISOLATION -j RETURN")).toBe("switchyard");
    expect(owner("-A FORWARD -i docker0 -o docker0 -j ACCEPT")).toBe("docker");
    expect(iptables.filter.chains.find((c) => c.name === "SWITCHYARD-ISOLATION")?.owner).toBe("switchyard");
    // A MASQUERADE for a bridge Docker does not know is not Docker's.
    const bridge0 = iptables.masquerade.find((m) => m.outInterface === "bridge0");
    expect(bridge0).toMatchObject({ source: "192.168.5.0/24", owner: "other", subnetWide: true });
  });

  it("reads icc=false and the per-port hairpin MASQUERADE on h2 (owned by Docker through its subnet)", () => {
    const iptables = tagged("iptables-save.h2-icc-false.txt", { subnets: ["192.168.77.0/24"] });
    expect(
      iptables.filter.rules.find((r) => r.raw === "-A FORWARD -i docker0 -o docker0 -j DROP")?.owner,
    ).toBe("docker");
    expect(iptables.masquerade).toEqual([
      {
        source: "192.168.77.0/24",
        sourceNegated: false,
        destination: null,
        outInterface: "docker0",
        outNegated: true,
        subnetWide: true,
        chain: "POSTROUTING",
        index: 1,
        owner: "docker",
      },
      {
        source: "192.168.77.128/32",
        sourceNegated: false,
        destination: "192.168.77.128/32",
        outInterface: null,
        outNegated: false,
        subnetWide: false,
        chain: "POSTROUTING",
        index: 2,
        owner: "docker",
      },
    ]);
    // Without knowing Docker's subnets the hairpin rule has no Docker marker at all.
    expect(tagged("iptables-save.h2-icc-false.txt").masquerade[1]?.owner).toBe("other");
  });

  it("finds the MASQUERADE rule of a subnet (the seed's 172.17.0.0/16)", () => {
    const { masquerade } = tagged("iptables-save.h1.txt");
    expect(masqueradeForSubnet(masquerade, "172.17.0.0/16")).toHaveLength(1);
    expect(masqueradeForSubnet(masquerade, "172.17.0.1/16")).toHaveLength(1);
    expect(masqueradeForSubnet(masquerade, "172.18.0.0/16")).toHaveLength(0);
    expect(masqueradeForSubnet(masquerade, "not a cidr")).toHaveLength(0);
  });

  it("names owners by chain and bridge names across Docker versions", () => {
    for (const chain of [
      "DOCKER",
      "DOCKER-USER",
      "DOCKER-FORWARD",
      "DOCKER-BRIDGE",
      "DOCKER-CT",
      "DOCKER-INTERNAL",
    ]) {
      expect(chainOwner(chain)).toBe("docker");
    }
    expect(chainOwner("SWITCHYARD-ISOLATION")).toBe("switchyard");
    expect(chainOwner("DOCKERISH")).toBe("other");
    expect(chainOwner("FORWARD")).toBe("other");
    expect(isDockerBridge("br-4226b0b23118")).toBe(true);
    expect(isDockerBridge("bridge0")).toBe(false);
    expect(isDockerBridge("mybr", { bridges: ["mybr"] })).toBe(true);
  });
});
