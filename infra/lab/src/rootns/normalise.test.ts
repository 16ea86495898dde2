import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { diffLines, diffSnapshots, formatDiff } from "./diff.ts";
import {
  normaliseAddrs,
  normaliseCapture,
  normaliseIptables,
  normaliseLinks,
  normaliseRoutes,
} from "./normalise.ts";

const fixture = (name: string) => readFileSync(new URL(`../__fixtures__/${name}`, import.meta.url), "utf8");
const raw = {
  link: fixture("ip-link.json"),
  addr: fixture("ip-addr.json"),
  route: fixture("ip-route.json"),
  route6: fixture("ip6-route.json"),
  iptables: fixture("iptables-save.lab-host.txt"),
  ip6tables: "",
  sysctl: "net.ipv4.ip_forward 0",
};

describe("root namespace normalisation (fixtures captured on a lab machine)", () => {
  it("links: one line per link, keyed by name", () => {
    const lines = normaliseLinks(raw.link);
    expect(lines.map((l) => l.split(" ")[0])).toEqual(["eth0", "ifb0", "ifb1", "lo"]);
  });

  it("addresses: one line per address, without lifetimes", () => {
    const lines = normaliseAddrs(raw.addr);
    expect(lines).toContain(
      'eth0 inet 192.0.2.2/24 {"broadcast":"192.0.2.255","label":"eth0","scope":"global"}',
    );
    expect(lines.join("\n")).not.toContain("life_time");
  });

  it("routes: canonical JSON with sorted keys", () => {
    expect(normaliseRoutes(raw.route)).toContain(
      '{"dev":"eth0","dst":"default","flags":[],"gateway":"192.0.2.1"}',
    );
  });

  it("a lifetime or route expiry counting down is not a change", () => {
    const aged = raw.addr.replaceAll("4294967295", "3600");
    const expiring = raw.route6.replace('"pref":"medium"}', '"pref":"medium","expires":1799}');
    expect(normaliseAddrs(aged)).toEqual(normaliseAddrs(raw.addr));
    expect(normaliseRoutes(expiring)).toEqual(normaliseRoutes(raw.route6));
  });

  it("iptables-save: comments dropped, counters zeroed, rule order kept", () => {
    const lines = normaliseIptables(raw.iptables);
    expect(lines.some((l) => l.startsWith("#"))).toBe(false);
    expect(lines[0]).toBe("*filter");
    expect(lines).toContain("-A FORWARD -i docker0 -o docker0 -j DROP");
    const busy = raw.iptables
      .replace(":INPUT ACCEPT [0:0]", ":INPUT ACCEPT [123:45678]")
      .replace("on Sun Nov 29", "on Mon Dec 30")
      .replace("-A FORWARD -j DOCKER-USER", "[9:999] -A FORWARD -j DOCKER-USER");
    expect(normaliseIptables(busy)).toEqual(
      normaliseIptables(raw.iptables.replace("-A FORWARD -j DOCKER-USER", "[0:0] -A FORWARD -j DOCKER-USER")),
    );
  });

  it("an unchanged capture diffs to 'root namespace unchanged'", () => {
    const a = normaliseCapture(raw);
    expect(formatDiff(diffSnapshots(a, normaliseCapture(raw)))).toBe("root namespace unchanged");
  });

  it("an added route and an added iptables rule are shown as + lines under their section", () => {
    const before = normaliseCapture(raw);
    const routes: unknown[] = JSON.parse(raw.route);
    const after = normaliseCapture({
      ...raw,
      route: JSON.stringify([...routes, { dst: "10.9.0.0/16", dev: "eth0", flags: [] }]),
      iptables: raw.iptables.replace("COMMIT", "-A FORWARD -j ACCEPT\nCOMMIT"),
    });
    const diff = diffSnapshots(before, after);
    expect(diff.changed).toBe(true);
    const text = formatDiff(diff);
    expect(text).toContain('ip -j route:\n  + {"dev":"eth0","dst":"10.9.0.0/16","flags":[]}');
    expect(text).toContain("iptables-save:\n  + -A FORWARD -j ACCEPT");
  });
});

describe("line diff", () => {
  it("shows removals and additions in order", () => {
    expect(diffLines(["a", "b", "c"], ["a", "c", "d"])).toEqual([
      { op: "-", line: "b" },
      { op: "+", line: "d" },
    ]);
    expect(diffLines([], [])).toEqual([]);
  });
});
