import { describe, expect, it } from "vitest";
import { fixture, fixtureJson } from "../__fixtures__/load.ts";
import { parseNftRuleset } from "./nft-ruleset.ts";
import { parseOsRelease } from "./os-release.ts";
import { parseSysctlBool } from "./sysctl.ts";

describe("small host files", () => {
  it("reads /etc/os-release", () => {
    expect(parseOsRelease(fixture("os-release.txt"))).toEqual({
      id: "debian",
      versionId: "12",
      prettyName: "Debian GNU/Linux 12 (bookworm)",
    });
    expect(parseOsRelease("garbage")).toEqual({ id: null, versionId: null, prettyName: null });
  });

  it("reads boolean sysctls as the lab host shows them", () => {
    const sysctl = fixtureJson("sysctl.h1.json") as Record<string, number>;
    expect(parseSysctlBool(`${sysctl["h1.ip_forward"]}\n`)).toEqual({ ok: true, value: true });
    expect(parseSysctlBool("0\n")).toEqual({ ok: true, value: false });
    expect(parseSysctlBool("yes", "ip_forward")).toEqual({
      ok: false,
      error: 'ip_forward: expected an integer, got "yes"',
    });
  });
});

describe("parseNftRuleset on real `nft -j list ruleset` (nft 1.0.6, iptables-nft tables)", () => {
  it("summarises the tables iptables-nft made; they only hold the chains that are used", () => {
    // iptables-save prints INPUT and OUTPUT with policy ACCEPT, but iptables-nft never created
    // them in nft: the filter table has DOCKER, DOCKER-ISOLATION-STAGE-1/2, FORWARD and DOCKER-USER.
    expect(parseNftRuleset(fixture("nft-ruleset.h1.json"))).toEqual({
      ok: true,
      value: {
        tables: [
          { family: "ip", name: "nat", chains: 4, rules: 6, iptablesCompat: true },
          { family: "ip", name: "filter", chains: 5, rules: 17, iptablesCompat: true },
        ],
      },
    });
    expect(parseNftRuleset('{"nftables":[{"table":{"family":"inet","name":"fw"}}]}')).toMatchObject({
      ok: true,
      value: { tables: [{ family: "inet", name: "fw", iptablesCompat: false }] },
    });
    expect(parseNftRuleset("").ok).toBe(false);
  });
});
