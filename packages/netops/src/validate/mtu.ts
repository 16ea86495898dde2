// MTU values (RELIABILITY "Bad input" 14): integers 68–65535, 1280 or more where IPv6 runs.
import { invalid, ok, type Validation } from "../result.ts";

/** Smallest MTU Linux allows for IPv4 (RFC 791). */
export const MTU_MIN = 68;
/** Smallest MTU with IPv6 (RFC 8200). */
export const MTU_MIN_IPV6 = 1280;
/** Largest MTU. */
export const MTU_MAX = 65535;

/** Options of validateMtu. */
export interface MtuOptions {
  /** Field name used in the message; default "mtu". */
  field?: string;
  /** The interface carries IPv6: the minimum is 1280. */
  ipv6?: boolean;
}

/**
 * Validates an MTU given as a number or as a decimal string ("1500"); anything else ("1500a",
 * "1e3", " 1500", 1500.5, "-1") is refused. The value is the number.
 */
export function validateMtu(input: unknown, options: MtuOptions = {}): Validation<number> {
  const field = options.field ?? "mtu";
  const min = options.ipv6 ? MTU_MIN_IPV6 : MTU_MIN;
  let value: number;
  if (typeof input === "number") {
    if (!Number.isInteger(input)) return invalid(field, `must be an integer (got ${String(input)})`);
    value = input;
  } else if (typeof input === "string") {
    if (!/^(0|-?[1-9][0-9]{0,9})$/.test(input)) {
      return invalid(field, `must be an integer (got ${JSON.stringify(input.slice(0, 32))})`);
    }
    value = Number(input);
  } else {
    return invalid(field, "must be an integer");
  }
  if (value < min || value > MTU_MAX) {
    return invalid(field, `must be between ${min} and ${MTU_MAX} (got ${value})`);
  }
  return ok(value);
}
