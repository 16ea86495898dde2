// /proc/<pid>/status: the capability sets (hex bitmasks) and the PID as each PID namespace
// sees it (NSpid has one entry per nested PID namespace; one entry = the host's PID namespace).
import { err, ok, type Result } from "../result.ts";

/** The fields of /proc/<pid>/status that netops uses. */
export interface ProcStatus {
  /** Command name (`Name:`), at most 15 characters. */
  name: string | null;
  /** PID in the namespace that read the file. */
  pid: number | null;
  /** The PID in each PID namespace, outermost first (`NSpid:`). */
  nspid: number[];
  /** Effective capabilities (`CapEff:`). */
  capEff: bigint | null;
  /** Permitted capabilities (`CapPrm:`). */
  capPrm: bigint | null;
  /** Bounding set (`CapBnd:`). */
  capBnd: bigint | null;
  /** Inheritable capabilities (`CapInh:`). */
  capInh: bigint | null;
  /** Ambient capabilities (`CapAmb:`). */
  capAmb: bigint | null;
  /** `NoNewPrivs:` flag. */
  noNewPrivs: boolean | null;
  /** `Seccomp:` mode (0 off, 1 strict, 2 filter). */
  seccomp: number | null;
}

/** Parses the text of /proc/<pid>/status. */
export function parseProcStatus(text: string): Result<ProcStatus> {
  const fields = new Map<string, string>();
  for (const line of text.split("\n")) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    fields.set(line.slice(0, colon), line.slice(colon + 1).trim());
  }
  if (!fields.has("Pid") && !fields.has("CapEff")) return err("/proc/<pid>/status: no Pid or CapEff line");
  const hex = (key: string): bigint | null => {
    const value = fields.get(key);
    return value !== undefined && /^[0-9a-fA-F]{1,32}$/.test(value) ? BigInt(`0x${value}`) : null;
  };
  const int = (key: string): number | null => {
    const value = fields.get(key);
    return value !== undefined && /^[0-9]{1,10}$/.test(value) ? Number(value) : null;
  };
  const nspid = (fields.get("NSpid") ?? "")
    .split(/\s+/)
    .filter((word) => /^[0-9]{1,10}$/.test(word))
    .map(Number);
  const noNewPrivs = int("NoNewPrivs");
  return ok({
    name: fields.get("Name") ?? null,
    pid: int("Pid"),
    nspid,
    capEff: hex("CapEff"),
    capPrm: hex("CapPrm"),
    capBnd: hex("CapBnd"),
    capInh: hex("CapInh"),
    capAmb: hex("CapAmb"),
    noNewPrivs: noNewPrivs === null ? null : noNewPrivs !== 0,
    seccomp: int("Seccomp"),
  });
}
