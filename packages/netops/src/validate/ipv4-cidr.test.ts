import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cidrContains, cidrsOverlap, ipv4ToString, parseIpv4Address, parseIpv4Cidr } from "./ipv4-cidr.ts";

describe("parseIpv4Cidr (RELIABILITY 13)", () => {
  it.each([
    ["10.0.0.0/33", "prefix length 0–32 (got 33)"],
    ["300.1.1.1/24", "octet 300, outside 0–255"],
    ["10.0.0.256/32", "octet 256"],
    ["010.1.1.1/32", "leading zeros"],
    ["10.01.1.1/32", "leading zeros"],
    ["10.1.1.1/08", "without leading zeros"],
    ["10.1.1/24", "four dot-separated octets"],
    ["10.1.1.1.1/24", "four dot-separated octets"],
    ["10.1.1.1", "address/prefix"],
    ["10.1.1.1/", "decimal prefix length"],
    ["10.1.1.1/-1", "decimal prefix length"],
    ["10.1.1.1/24/1", "decimal prefix length"],
    [" 10.1.1.1/24", "four decimal octets"],
    ["10.1.1.1/24 ", "decimal prefix length"],
    ["0x0a.1.1.1/24", "four decimal octets"],
    ["10.1.1.+1/24", "four decimal octets"],
    ["::1/128", "four dot-separated octets"],
  ])("refuses %j", (text, problem) => {
    const result = parseIpv4Cidr(text, { field: "subnet" });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.field).toBe("subnet");
      expect(result.message).toMatch(/^subnet /);
      expect(result.message).toContain(problem);
    }
  });

  it("parses the seed's addresses and computes the subnet", () => {
    const bip = parseIpv4Cidr("192.168.77.1/24");
    expect(bip.ok && bip.value).toMatchObject({
      address: "192.168.77.1",
      prefixLength: 24,
      network: "192.168.77.0/24",
      text: "192.168.77.1/24",
    });
    const host = parseIpv4Cidr("10.1.1.1/32");
    expect(host.ok && host.value.network).toBe("10.1.1.1/32");
    const all = parseIpv4Cidr("0.0.0.0/0");
    expect(all.ok && [all.value.networkInt, all.value.broadcastInt]).toEqual([0, 0xffffffff]);
  });

  it("computes containment and overlap", () => {
    const parse = (t: string) => {
      const r = parseIpv4Cidr(t);
      if (!r.ok) throw new Error(r.message);
      return r.value;
    };
    expect(cidrContains(parse("192.168.77.0/24"), parse("192.168.77.128/25"))).toBe(true);
    expect(cidrContains(parse("192.168.77.128/25"), parse("192.168.77.0/24"))).toBe(false);
    expect(cidrsOverlap(parse("172.17.0.0/16"), parse("172.17.5.0/24"))).toBe(true);
    expect(cidrsOverlap(parse("172.17.0.0/16"), parse("172.18.0.0/16"))).toBe(false);
  });

  it("round-trips every address and prefix, and refuses every text that is not canonical", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 32 }), (n, prefix) => {
        const text = `${ipv4ToString(n)}/${prefix}`;
        const parsed = parseIpv4Cidr(text);
        expect(parsed.ok && [parsed.value.addressInt, parsed.value.prefixLength, parsed.value.text]).toEqual([
          n,
          prefix,
          text,
        ]);
        expect(parsed.ok && parsed.value.networkInt <= n && n <= parsed.value.broadcastInt).toBe(true);
      }),
    );
    fc.assert(
      fc.property(fc.string(), (text) => {
        const parsed = parseIpv4Cidr(text);
        if (parsed.ok) expect(parsed.value.text).toBe(text);
      }),
    );
  });

  it("parses bare addresses strictly", () => {
    expect(parseIpv4Address("10.1.1.2")).toEqual({ ok: true, value: 0x0a010102 });
    expect(parseIpv4Address("10.1.1.02").ok).toBe(false);
  });
});
