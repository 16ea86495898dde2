// Semantic checks of network parameters against each other and against what a host already
// has (RELIABILITY "Bad input" 13). Each returns the first problem, naming the field.
import { invalid, ok, type Validation } from "../result.ts";
import { cidrContains, cidrsOverlap, type Ipv4Cidr, ipv4ToString, parseIpv4Cidr } from "./ipv4-cidr.ts";

/**
 * A MASQUERADE source subnet: a strict CIDR, written as its network address, and never /0
 * (0.0.0.0/0 would masquerade everything the host forwards, its own uplink traffic included).
 */
export function validateMasqueradeSource(input: unknown, field = "source"): Validation<Ipv4Cidr> {
  const cidr = parseIpv4Cidr(input, { field });
  if (!cidr.ok) return cidr;
  if (cidr.value.prefixLength === 0) {
    return invalid(field, "must not be 0.0.0.0/0 (or any /0): that would masquerade all forwarded traffic");
  }
  if (cidr.value.addressInt !== cidr.value.networkInt) {
    return invalid(field, `has host bits set; the subnet is ${cidr.value.network}`);
  }
  return ok(cidr.value);
}

/**
 * Docker's `bip`: the bridge's own address with the subnet's prefix. It must leave room for
 * containers (/30 or shorter) and be neither the network nor the broadcast address.
 */
export function validateBip(input: unknown, field = "bip"): Validation<Ipv4Cidr> {
  const cidr = parseIpv4Cidr(input, { field });
  if (!cidr.ok) return cidr;
  const { prefixLength, addressInt, networkInt, broadcastInt } = cidr.value;
  if (prefixLength > 30) return invalid(field, `must have a prefix of /30 or shorter (got /${prefixLength})`);
  if (addressInt === networkInt) {
    return invalid(
      field,
      `must not be the network address ${ipv4ToString(networkInt)}; use a host address such as ${ipv4ToString(networkInt + 1)}/${prefixLength}`,
    );
  }
  if (addressInt === broadcastInt) {
    return invalid(field, `must not be the broadcast address ${ipv4ToString(broadcastInt)}`);
  }
  return ok(cidr.value);
}

/** Docker's `fixed-cidr`: a subnet (network address) inside the bridge's subnet (`bip`). */
export function validateFixedCidr(input: unknown, bip: Ipv4Cidr, field = "fixedCidr"): Validation<Ipv4Cidr> {
  const cidr = parseIpv4Cidr(input, { field });
  if (!cidr.ok) return cidr;
  if (cidr.value.addressInt !== cidr.value.networkInt) {
    return invalid(field, `has host bits set; the subnet is ${cidr.value.network}`);
  }
  if (!cidrContains(bip, cidr.value)) {
    return invalid(field, `must be inside the bridge subnet ${bip.network} (got ${cidr.value.text})`);
  }
  return ok(cidr.value);
}

/** A subnet a host already uses, and what uses it (for the message). */
export interface SubnetInUse {
  /** The subnet ("172.17.0.0/16"). */
  cidr: string;
  /** What uses it ("Docker network bridge", "route via eth0"). */
  what: string;
}

/**
 * Refuses a new subnet that overlaps one the host already uses (Docker networks, routes).
 * Entries that are not IPv4 CIDRs are skipped; the default route (/0) never counts as a use.
 */
export function validateNoOverlap(
  candidate: Ipv4Cidr,
  inUse: readonly SubnetInUse[],
  field = "cidr",
): Validation<Ipv4Cidr> {
  for (const use of inUse) {
    const other = parseIpv4Cidr(use.cidr);
    if (!other.ok || other.value.prefixLength === 0) continue;
    if (cidrsOverlap(candidate, other.value)) {
      return invalid(field, `${candidate.network} overlaps ${other.value.network} (${use.what})`);
    }
  }
  return ok(candidate);
}
