// One-value /proc/sys files ("1\n").
import { err, ok, type Result } from "../result.ts";

/** Reads a boolean sysctl: "0" is false, any other integer true (ip_forward, bridge-nf-call-iptables). */
export function parseSysctlBool(text: string, name = "sysctl"): Result<boolean> {
  const value = text.trim();
  if (!/^-?[0-9]{1,10}$/.test(value))
    return err(`${name}: expected an integer, got ${JSON.stringify(value.slice(0, 20))}`);
  return ok(Number(value) !== 0);
}
