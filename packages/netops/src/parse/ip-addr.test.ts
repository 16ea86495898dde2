import { describe, expect, it } from "vitest";
import { fixture } from "../__fixtures__/load.ts";
import { parseIpAddr } from "./ip-addr.ts";

describe("parseIpAddr on real `ip -json addr show` output", () => {
  it("reads lab host h1's addresses, lifetimes dropped", () => {
    const result = parseIpAddr(fixture("ip-addr.h1.json"));
    if (!result.ok) throw new Error(result.error);
    const v4 = Object.fromEntries(
      result.value.map((e) => [
        e.ifname,
        e.addresses.filter((a) => a.family === "inet").map((a) => `${a.address}/${a.prefixLength}`),
      ]),
    );
    expect(v4).toMatchObject({
      lo: ["127.0.0.1/8"],
      docker0: ["172.17.0.1/16"],
      "br-4226b0b23118": ["172.30.0.1/24"],
      C: ["10.1.2.1/32"],
      bridge0: ["192.168.5.1/24"],
      hostend: [],
    });
    const docker0 = result.value.find((e) => e.ifname === "docker0");
    expect(docker0?.addresses[0]).toEqual({
      family: "inet",
      address: "172.17.0.1",
      prefixLength: 16,
      scope: "global",
    });
    expect(docker0?.addresses[1]).toMatchObject({ family: "inet6", prefixLength: 64, scope: "link" });
  });

  it("reads the seed's /32 on A in c1 and on B in c2", () => {
    const c1 = parseIpAddr(fixture("ip-addr.h1-c1.json"));
    const c2 = parseIpAddr(fixture("ip-addr.h1-c2.json"));
    expect(c1.ok && c1.value.find((e) => e.ifname === "A")?.addresses).toEqual([
      { family: "inet", address: "10.1.1.1", prefixLength: 32, scope: "global" },
    ]);
    expect(c2.ok && c2.value.find((e) => e.ifname === "B")?.addresses[0]?.address).toBe("10.1.1.2");
  });

  it("refuses malformed output", () => {
    expect(parseIpAddr("").ok).toBe(false);
    expect(parseIpAddr('[{"ifindex":1,"ifname":"lo","addr_info":[{"prefixlen":999}]}]').ok).toBe(false);
  });
});
