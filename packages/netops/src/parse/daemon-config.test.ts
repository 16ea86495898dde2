import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fixture } from "../__fixtures__/load.ts";
import { mergeDaemonConfig, parseDaemonJson, parseDockerOpts } from "./daemon-config.ts";

describe("daemon.json and DOCKER_OPTS", () => {
  it("reads lab host h2's daemon.json (bip, icc=false, mtu, fixed-cidr) with no problems", () => {
    const json = parseDaemonJson(fixture("daemon.h2.json"));
    expect(json).toEqual({
      options: { bip: "192.168.77.1/24", "fixed-cidr": "192.168.77.128/25", icc: false, mtu: 1450 },
      problems: [],
    });
    expect(mergeDaemonConfig(json, null)).toEqual({
      bip: "192.168.77.1/24",
      fixedCidr: "192.168.77.128/25",
      mtu: 1450,
      icc: false,
      ipForward: null,
      iptables: null,
      ipMasq: null,
      bridge: null,
      defaultAddressPools: null,
      sources: { bip: "daemon.json", "fixed-cidr": "daemon.json", icc: "daemon.json", mtu: "daemon.json" },
      problems: [],
    });
  });

  it("reads Debian's stock /etc/default/docker (everything commented out) as no options", () => {
    expect(parseDockerOpts(fixture("etc-default-docker.debian.txt"))).toEqual({ options: {}, problems: [] });
  });

  it("reads the seed's DOCKER_OPTS forms", () => {
    const file = [
      "# the seed's bridge0",
      'DOCKER_OPTS="-b=bridge0"',
      'DOCKER_OPTS="$DOCKER_OPTS --mtu=1450 --icc=false --ip-forward"',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal shell expansion is the input under test.
      'export DOCKER_OPTS="${DOCKER_OPTS} --iptables=true --dns 8.8.8.8 --default-address-pool base=10.10.0.0/16,size=24"',
    ].join("\n");
    expect(parseDockerOpts(file)).toEqual({
      options: {
        bridge: "bridge0",
        mtu: 1450,
        icc: false,
        "ip-forward": true,
        iptables: true,
        "default-address-pools": [{ base: "10.10.0.0/16", size: 24 }],
      },
      problems: [],
    });
    expect(parseDockerOpts('DOCKER_OPTS="--bip 192.168.1.5/24 --fixed-cidr=192.168.1.0/28"').options).toEqual(
      {
        bip: "192.168.1.5/24",
        "fixed-cidr": "192.168.1.0/28",
      },
    );
  });

  it("reports what would stop dockerd: both sources, bip with bridge, bad values", () => {
    const merged = mergeDaemonConfig(
      parseDaemonJson(
        '{"bip":"192.168.77.0/24","mtu":"1500","icc":false,"iptables":false,"fixed-cidr":"10.0.0.0/24"}',
      ),
      parseDockerOpts('DOCKER_OPTS="-b bridge0 --icc=maybe --mtu=67 --bip=10.1.0.1/16"'),
    );
    expect(merged.problems).toEqual([
      "daemon.json mtu must be an integer",
      'DOCKER_OPTS --icc: "maybe" is not a boolean',
      "bip is set in both daemon.json and DOCKER_OPTS: dockerd refuses to start",
      "bip and bridge are mutually exclusive: dockerd refuses to start",
      "icc=false needs iptables=true: without iptables nothing enforces it",
      "bip must not be the network address 192.168.77.0; use a host address such as 192.168.77.1/24",
      "mtu must be between 68 and 65535 (got 67)",
    ]);
    expect(merged).toMatchObject({
      bip: "192.168.77.0/24",
      bridge: "bridge0",
      mtu: 67,
      sources: { bip: "daemon.json", mtu: "DOCKER_OPTS" },
    });
  });

  it("reports a fixed-cidr outside bip", () => {
    const merged = mergeDaemonConfig(
      parseDaemonJson('{"bip":"192.168.77.1/24","fixed-cidr":"10.0.0.0/24"}'),
      null,
    );
    expect(merged.problems).toEqual([
      "fixed-cidr must be inside the bridge subnet 192.168.77.0/24 (got 10.0.0.0/24)",
    ]);
  });

  it("reports invalid JSON instead of failing", () => {
    expect(parseDaemonJson("{ bip: 1 }").problems[0]).toMatch(/^daemon.json is not valid JSON/);
    expect(parseDaemonJson("[]").problems).toEqual(["daemon.json must hold a JSON object"]);
  });

  it("never throws on arbitrary files", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        mergeDaemonConfig(parseDaemonJson(a), parseDockerOpts(`DOCKER_OPTS=${b}`));
      }),
    );
    fc.assert(fc.property(fc.json(), (json) => void mergeDaemonConfig(parseDaemonJson(json), null)));
  });
});
