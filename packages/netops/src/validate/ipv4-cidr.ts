// Strict IPv4 addresses and CIDRs (RELIABILITY "Bad input" 13): four decimal octets 0–255
// without leading zeros, a prefix 0–32 without leading zeros, nothing else. inet_aton would
// read "010.1.1.1" as octal and "10.1" as 10.0.0.1; an operator never means that.
import { invalid, ok, type Validation } from "../result.ts";

/** A parsed IPv4 CIDR. Addresses as unsigned 32-bit integers for arithmetic, and as text. */
export interface Ipv4Cidr {
  /** The address as written ("192.168.77.1"). */
  address: string;
  /** Prefix length 0–32. */
  prefixLength: number;
  /** The address as an unsigned 32-bit integer. */
  addressInt: number;
  /** First address of the subnet, as an integer. */
  networkInt: number;
  /** Last address of the subnet, as an integer. */
  broadcastInt: number;
  /** The subnet in canonical form ("192.168.77.0/24"). */
  network: string;
  /** As written, canonicalised: "address/prefix". */
  text: string;
}

const OCTET = /^(0|[1-9][0-9]{0,2})$/;

/** Parses a dotted-quad IPv4 address strictly; the value is the unsigned 32-bit integer. */
export function parseIpv4Address(input: unknown, field = "address"): Validation<number> {
  if (typeof input !== "string") return invalid(field, "must be a string");
  const parts = input.split(".");
  if (parts.length !== 4) return invalid(field, `must be four dot-separated octets (got ${quote(input)})`);
  let value = 0;
  for (const part of parts) {
    if (!/^[0-9]+$/.test(part)) return invalid(field, `must be four decimal octets (got ${quote(input)})`);
    if (!OCTET.test(part)) {
      return part.length > 1 && part.startsWith("0")
        ? invalid(field, `must not have leading zeros in an octet (got ${quote(part)})`)
        : invalid(field, `has octet ${part}, outside 0–255`);
    }
    const octet = Number(part);
    if (octet > 255) return invalid(field, `has octet ${octet}, outside 0–255`);
    value = value * 256 + octet;
  }
  return ok(value);
}

/** Options of parseIpv4Cidr. */
export interface CidrOptions {
  /** Field name used in messages; default "cidr". */
  field?: string;
}

/** Parses "a.b.c.d/n" strictly. A bare address is refused: say /32 when you mean a host. */
export function parseIpv4Cidr(input: unknown, options: CidrOptions = {}): Validation<Ipv4Cidr> {
  const field = options.field ?? "cidr";
  if (typeof input !== "string") return invalid(field, "must be a string");
  const slash = input.indexOf("/");
  if (slash === -1) return invalid(field, `must be address/prefix (got ${quote(input)})`);
  const address = input.slice(0, slash);
  const prefix = input.slice(slash + 1);
  const parsed = parseIpv4Address(address, field);
  if (!parsed.ok) return parsed;
  if (!/^(0|[1-9][0-9]?)$/.test(prefix)) {
    return invalid(
      field,
      `must have a decimal prefix length 0–32 without leading zeros (got ${quote(prefix)})`,
    );
  }
  const prefixLength = Number(prefix);
  if (prefixLength > 32) return invalid(field, `must have a prefix length 0–32 (got ${prefixLength})`);
  const mask = prefixMask(prefixLength);
  const networkInt = (parsed.value & mask) >>> 0;
  const broadcastInt = (networkInt | ~mask) >>> 0;
  return ok({
    address,
    prefixLength,
    addressInt: parsed.value,
    networkInt,
    broadcastInt,
    network: `${ipv4ToString(networkInt)}/${prefixLength}`,
    text: `${address}/${prefixLength}`,
  });
}

/** Netmask of a prefix length as an unsigned integer (/0 → 0). */
export function prefixMask(prefixLength: number): number {
  return prefixLength === 0 ? 0 : (0xffffffff << (32 - prefixLength)) >>> 0;
}

/** Dotted-quad text of an unsigned 32-bit integer. */
export function ipv4ToString(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join(".");
}

/** True when every address of `inner` is inside `outer`. */
export function cidrContains(outer: Ipv4Cidr, inner: Ipv4Cidr): boolean {
  return inner.networkInt >= outer.networkInt && inner.broadcastInt <= outer.broadcastInt;
}

/** True when the address (an integer) is inside the subnet. */
export function cidrHasAddress(cidr: Ipv4Cidr, addressInt: number): boolean {
  return addressInt >= cidr.networkInt && addressInt <= cidr.broadcastInt;
}

/** True when the two subnets share at least one address. */
export function cidrsOverlap(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
  return a.networkInt <= b.broadcastInt && b.networkInt <= a.broadcastInt;
}

function quote(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}
