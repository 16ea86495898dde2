import { describe, expect, it } from "vitest";
import { parseIpv4Cidr } from "./ipv4-cidr.ts";
import {
  validateBip,
  validateFixedCidr,
  validateMasqueradeSource,
  validateNoOverlap,
} from "./network-params.ts";

function cidr(text: string) {
  const parsed = parseIpv4Cidr(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

describe("semantic CIDR checks (RELIABILITY 13)", () => {
  it("refuses 0.0.0.0/0 as a MASQUERADE source, and any /0", () => {
    for (const source of ["0.0.0.0/0", "10.0.0.0/0"]) {
      const result = validateMasqueradeSource(source);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).toMatch(/^source must not be 0\.0\.0\.0\/0/);
    }
  });

  it("refuses a MASQUERADE source with host bits set, and passes strict-parse errors through", () => {
    const hostBits = validateMasqueradeSource("172.17.0.1/16");
    expect(!hostBits.ok && hostBits.message).toBe("source has host bits set; the subnet is 172.17.0.0/16");
    expect(validateMasqueradeSource("172.17.0.0/33").ok).toBe(false);
    expect(validateMasqueradeSource("172.17.0.0/16").ok).toBe(true);
  });

  it("refuses a bip equal to the network or the broadcast address, or without room for containers", () => {
    const network = validateBip("192.168.77.0/24");
    expect(!network.ok && network.message).toContain("bip must not be the network address 192.168.77.0");
    const broadcast = validateBip("192.168.77.255/24");
    expect(!broadcast.ok && broadcast.message).toContain(
      "bip must not be the broadcast address 192.168.77.255",
    );
    expect(validateBip("192.168.77.1/31").ok).toBe(false);
    expect(validateBip("300.168.77.1/24").ok).toBe(false);
    expect(validateBip("192.168.77.1/24").ok).toBe(true);
  });

  it("refuses a fixed-cidr outside the bip's subnet, or with host bits", () => {
    const bip = cidr("192.168.77.1/24");
    const outside = validateFixedCidr("192.168.78.0/25", bip);
    expect(!outside.ok && outside.message).toBe(
      "fixedCidr must be inside the bridge subnet 192.168.77.0/24 (got 192.168.78.0/25)",
    );
    expect(validateFixedCidr("192.168.76.0/23", bip).ok).toBe(false);
    expect(validateFixedCidr("192.168.77.129/25", bip).ok).toBe(false);
    expect(validateFixedCidr("192.168.77.128/25", bip).ok).toBe(true);
  });

  it("refuses overlaps with Docker subnets and existing routes, ignoring the default route", () => {
    const inUse = [
      { cidr: "0.0.0.0/0", what: "default route" },
      { cidr: "172.17.0.0/16", what: "Docker network bridge" },
      { cidr: "10.1.1.2/32", what: "route 10.1.1.2/32 dev A" },
      { cidr: "fe80::/64", what: "an IPv6 route" },
    ];
    const docker = validateNoOverlap(cidr("172.17.8.0/24"), inUse, "subnet");
    expect(!docker.ok && docker.message).toBe(
      "subnet 172.17.8.0/24 overlaps 172.17.0.0/16 (Docker network bridge)",
    );
    expect(validateNoOverlap(cidr("10.1.1.0/24"), inUse).ok).toBe(false);
    expect(validateNoOverlap(cidr("192.168.5.0/24"), inUse).ok).toBe(true);
  });
});
