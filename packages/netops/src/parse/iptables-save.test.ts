import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fixture } from "../__fixtures__/load.ts";
import { parseIptablesSave, ruleOption, ruleTarget } from "./iptables-save.ts";

describe("parseIptablesSave on real iptables-save output (iptables 1.8.9, nf_tables, Docker 20.10)", () => {
  it("reads lab host h1: header, tables, chains with policies, rules with their positions", () => {
    const result = parseIptablesSave(fixture("iptables-save.h1.txt"));
    if (!result.ok) throw new Error(result.error);
    const { version, backend, tables } = result.value;
    expect([version, backend]).toEqual(["1.8.9", "nf_tables"]);
    expect(tables.map((t) => t.name)).toEqual(["filter", "nat"]);
    const filter = tables[0];
    expect(filter?.chains).toEqual([
      { name: "INPUT", policy: "ACCEPT" },
      { name: "FORWARD", policy: "DROP" },
      { name: "OUTPUT", policy: "ACCEPT" },
      { name: "DOCKER", policy: null },
      { name: "DOCKER-ISOLATION-STAGE-1", policy: null },
      { name: "DOCKER-ISOLATION-STAGE-2", policy: null },
      { name: "DOCKER-USER", policy: null },
    ]);
    expect(filter?.rules).toHaveLength(17);
    expect(filter?.rules[0]).toEqual({
      chain: "FORWARD",
      index: 1,
      spec: ["-j", "DOCKER-USER"],
      target: "DOCKER-USER",
      raw: "-A FORWARD -j DOCKER-USER",
    });
    // icc=true (the default): Docker accepts docker0 -> docker0.
    expect(filter?.rules.find((r) => r.raw === "-A FORWARD -i docker0 -o docker0 -j ACCEPT")?.index).toBe(10);
    const nat = tables[1];
    expect(
      nat?.rules.find((r) => r.target === "MASQUERADE" && r.spec.includes("172.17.0.0/16")),
    ).toMatchObject({
      chain: "POSTROUTING",
      index: 2,
      spec: ["-s", "172.17.0.0/16", "!", "-o", "docker0", "-j", "MASQUERADE"],
    });
  });

  it("reads icc=false on h2: the DROP rule, the DNAT of a published port and its hairpin MASQUERADE", () => {
    const result = parseIptablesSave(fixture("iptables-save.h2-icc-false.txt"));
    if (!result.ok) throw new Error(result.error);
    const [filter, nat] = result.value.tables;
    expect(filter?.rules.map((r) => r.raw)).toContain("-A FORWARD -i docker0 -o docker0 -j DROP");
    expect(nat?.rules.map((r) => r.raw)).toEqual(
      expect.arrayContaining([
        "-A POSTROUTING -s 192.168.77.0/24 ! -o docker0 -j MASQUERADE",
        "-A POSTROUTING -s 192.168.77.128/32 -d 192.168.77.128/32 -p tcp -m tcp --dport 80 -j MASQUERADE",
        "-A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 192.168.77.128:80",
      ]),
    );
  });

  it("unquotes comments (iptables-save reorders options: -s/-d before -i/-o before matches)", () => {
    const result = parseIptablesSave(fixture("iptables-save.h1-switchyard.txt"));
    if (!result.ok) throw new Error(result.error);
    const rule = result.value.tables[0]?.rules.find((r) => r.chain === "SWITCHYARD-ISOLATION");
    expect(rule?.spec).toEqual([
      "-s",
      "172.17.0.2/32",
      "-d",
      "172.17.0.3/32",
      "-i",
      "docker0",
      "-o",
      "docker0",
      "-m",
      "comment",
      "--comment",
      "switchyard: allow c3 -> c4",
      "-j",
      "ACCEPT",
    ]);
  });

  it("reads options and targets, negation included", () => {
    const spec = ["-s", "172.17.0.0/16", "!", "-o", "docker0", "-j", "MASQUERADE"];
    expect(ruleOption(spec, ["-o", "--out-interface"])).toEqual({ value: "docker0", negated: true });
    expect(ruleOption(spec, ["-s"])).toEqual({ value: "172.17.0.0/16", negated: false });
    expect(ruleOption(spec, ["-i"])).toBeNull();
    expect(ruleTarget(["-g", "X"])).toBe("X");
    expect(ruleTarget(["-p", "tcp"])).toBeNull();
  });

  it("refuses malformed dumps with the line number", () => {
    expect(parseIptablesSave("-A FORWARD -j ACCEPT\n")).toEqual({
      ok: false,
      error: "iptables-save line 1: rule or chain outside a table",
    });
    expect(parseIptablesSave("*filter\n:INPUT ACCEPT [0:0]\n")).toMatchObject({ ok: false });
    expect(parseIptablesSave('*filter\n-A X --comment "open\nCOMMIT\n')).toMatchObject({ ok: false });
    expect(parseIptablesSave("*filter\nhello\nCOMMIT\n")).toMatchObject({ ok: false });
    expect(parseIptablesSave("")).toEqual({ ok: true, value: { version: null, backend: null, tables: [] } });
  });

  it("never throws on arbitrary text", () => {
    fc.assert(fc.property(fc.string(), (text) => void parseIptablesSave(text)));
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom("*filter", "*nat", ":X - [0:0]", "-A X -j Y", "COMMIT", "# c", "")),
        (lines) => void parseIptablesSave(lines.join("\n")),
      ),
    );
  });
});
