// Docker daemon network options as configured: daemon.json and DOCKER_OPTS in
// /etc/default/docker (the seed's way: `DOCKER_OPTS="-b=bridge0"`). dockerd refuses to start
// when a key is set in both, when `bridge` and `bip` are both set, and on invalid values; each
// of those is reported as a problem, because a planned change must not produce one.
import type { DaemonConfigured, DaemonOptionSource } from "@switchyard/protocol";
import { z } from "zod";
import { validateInterfaceName } from "../validate/ifname.ts";
import { parseIpv4Cidr } from "../validate/ipv4-cidr.ts";
import { validateMtu } from "../validate/mtu.ts";
import { validateBip, validateFixedCidr } from "../validate/network-params.ts";
import { splitWords } from "./words.ts";

/** The network options netops reads, by daemon.json key. */
export interface DaemonOptions {
  /** `--bip`: the default bridge's address/prefix. */
  bip?: string;
  /** `--fixed-cidr`: the allocation range. */
  "fixed-cidr"?: string;
  /** `--mtu`. */
  mtu?: number;
  /** `--icc`. */
  icc?: boolean;
  /** `--ip-forward`. */
  "ip-forward"?: boolean;
  /** `--iptables`. */
  iptables?: boolean;
  /** `--ip-masq`. */
  "ip-masq"?: boolean;
  /** `-b` / `--bridge`. */
  bridge?: string;
  /** `--default-address-pool base=…,size=…` (repeatable). */
  "default-address-pools"?: { base: string; size: number }[];
}
type OptionKey = keyof DaemonOptions;

/** Options read from one source, with what was wrong in it. */
export interface DaemonSource {
  options: DaemonOptions;
  problems: string[];
}

const STRING_KEYS = ["bip", "fixed-cidr", "bridge"] as const;
const AddressPools = z.array(z.object({ base: z.string(), size: z.int() }));
const BOOL_KEYS = ["icc", "ip-forward", "iptables", "ip-masq"] as const;

/** Parses the text of daemon.json. Keys other than the network options above are ignored. */
export function parseDaemonJson(text: string): DaemonSource {
  const problems: string[] = [];
  const options: DaemonOptions = {};
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    return {
      options,
      problems: [`daemon.json is not valid JSON: ${error instanceof Error ? error.message : error}`],
    };
  }
  const parsed = Array.isArray(doc) ? null : z.record(z.string(), z.unknown()).safeParse(doc);
  if (!parsed?.success) return { options, problems: ["daemon.json must hold a JSON object"] };
  const record = parsed.data;
  for (const key of STRING_KEYS) {
    const value = record[key];
    if (value === undefined) continue;
    if (typeof value === "string") options[key] = value;
    else problems.push(`daemon.json ${key} must be a string`);
  }
  for (const key of BOOL_KEYS) {
    const value = record[key];
    if (value === undefined) continue;
    if (typeof value === "boolean") options[key] = value;
    else problems.push(`daemon.json ${key} must be true or false`);
  }
  if (record.mtu !== undefined) {
    if (typeof record.mtu === "number" && Number.isInteger(record.mtu)) options.mtu = record.mtu;
    else problems.push("daemon.json mtu must be an integer");
  }
  if (record["default-address-pools"] !== undefined) {
    const pools = AddressPools.safeParse(record["default-address-pools"]);
    if (pools.success) options["default-address-pools"] = pools.data;
    else problems.push("daemon.json default-address-pools must be a list of {base, size}");
  }
  return { options, problems };
}

// dockerd's flags for the same options (pflag: `--flag=value` or `--flag value`; booleans take
// only `--flag` or `--flag=value`).
const FLAG_KEYS: Record<string, OptionKey> = {
  "--bip": "bip",
  "--fixed-cidr": "fixed-cidr",
  "--mtu": "mtu",
  "--icc": "icc",
  "--ip-forward": "ip-forward",
  "--iptables": "iptables",
  "--ip-masq": "ip-masq",
  "-b": "bridge",
  "--bridge": "bridge",
  "--default-address-pool": "default-address-pools",
};
const GO_TRUE = new Set(["1", "t", "T", "TRUE", "true", "True"]);
const GO_FALSE = new Set(["0", "f", "F", "FALSE", "false", "False"]);

/**
 * Parses /etc/default/docker: the last `DOCKER_OPTS=` assignment wins, `$DOCKER_OPTS` inside it
 * expands to the previous value, comments are skipped. Then its words are read as dockerd flags.
 */
export function parseDockerOpts(defaultsFile: string): DaemonSource {
  const problems: string[] = [];
  let value = "";
  for (const line of defaultsFile.split("\n")) {
    const match = /^\s*(?:export\s+)?DOCKER_OPTS=(.*)$/.exec(line);
    if (!match || match[1] === undefined) continue;
    const words = splitWords(match[1].replace(/\$\{?DOCKER_OPTS\}?/g, value.replace(/[\\"']/g, "\\$&")));
    if (!words.ok) {
      problems.push(`DOCKER_OPTS: ${words.error}`);
      continue;
    }
    value = words.value.join(" ");
  }
  const options: DaemonOptions = {};
  const words = splitWords(value);
  if (!words.ok) return { options, problems: [...problems, `DOCKER_OPTS: ${words.error}`] };
  const argv = words.value;
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i] ?? "";
    const eq = word.indexOf("=");
    const flag = eq === -1 ? word : word.slice(0, eq);
    const key = FLAG_KEYS[flag];
    if (!key) continue;
    let text: string | undefined = eq === -1 ? undefined : word.slice(eq + 1);
    if ((BOOL_KEYS as readonly string[]).includes(key)) {
      const boolText = text ?? "true";
      if (GO_TRUE.has(boolText)) setOption(options, key, true);
      else if (GO_FALSE.has(boolText)) setOption(options, key, false);
      else problems.push(`DOCKER_OPTS ${flag}: ${JSON.stringify(boolText)} is not a boolean`);
      continue;
    }
    if (text === undefined) {
      text = argv[i + 1];
      i++;
      if (text === undefined) {
        problems.push(`DOCKER_OPTS ${flag}: missing value`);
        continue;
      }
    }
    if (key === "mtu") {
      if (/^-?[0-9]{1,10}$/.test(text)) options.mtu = Number(text);
      else problems.push(`DOCKER_OPTS --mtu: ${JSON.stringify(text)} is not an integer`);
    } else if (key === "default-address-pools") {
      const fields = new Map(
        text.split(",").map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]),
      );
      const base = fields.get("base");
      const size = Number(fields.get("size"));
      if (base && Number.isInteger(size)) {
        options["default-address-pools"] = [...(options["default-address-pools"] ?? []), { base, size }];
      } else
        problems.push(`DOCKER_OPTS --default-address-pool: ${JSON.stringify(text)} is not base=…,size=…`);
    } else {
      setOption(options, key, text);
    }
  }
  return { options, problems };
}

function setOption(options: DaemonOptions, key: OptionKey, value: DaemonOptions[OptionKey]): void {
  // The caller pairs each key with a value of that key's type (checked where it was parsed);
  // TypeScript cannot follow a key and its value through one signature, hence the widening.
  (options as Record<OptionKey, unknown>)[key] = value;
}

/**
 * Joins both sources into the configured options and checks them together. `null` means the
 * source does not exist (no daemon.json, no /etc/default/docker), which is normal.
 */
export function mergeDaemonConfig(
  daemonJson: DaemonSource | null,
  dockerOpts: DaemonSource | null,
): DaemonConfigured {
  const problems = [...(daemonJson?.problems ?? []), ...(dockerOpts?.problems ?? [])];
  const merged: DaemonOptions = {};
  const sources: Record<string, DaemonOptionSource> = {};
  const keys = new Set<OptionKey>([
    ...(Object.keys(daemonJson?.options ?? {}) as OptionKey[]),
    ...(Object.keys(dockerOpts?.options ?? {}) as OptionKey[]),
  ]);
  for (const key of keys) {
    const fromJson = daemonJson?.options[key];
    const fromOpts = dockerOpts?.options[key];
    if (fromJson !== undefined && fromOpts !== undefined) {
      problems.push(`${key} is set in both daemon.json and DOCKER_OPTS: dockerd refuses to start`);
    }
    if (fromJson !== undefined) {
      setOption(merged, key, fromJson);
      sources[key] = "daemon.json";
    } else if (fromOpts !== undefined) {
      setOption(merged, key, fromOpts);
      sources[key] = "DOCKER_OPTS";
    }
  }
  if (merged.bip !== undefined && merged.bridge !== undefined) {
    problems.push("bip and bridge are mutually exclusive: dockerd refuses to start");
  }
  if (merged.icc === false && merged.iptables === false) {
    problems.push("icc=false needs iptables=true: without iptables nothing enforces it");
  }
  const bip = merged.bip === undefined ? null : validateBip(merged.bip, "bip");
  if (bip && !bip.ok) problems.push(bip.message);
  if (merged["fixed-cidr"] !== undefined) {
    const fixed = bip?.ok
      ? validateFixedCidr(merged["fixed-cidr"], bip.value, "fixed-cidr")
      : parseIpv4Cidr(merged["fixed-cidr"], { field: "fixed-cidr" });
    if (!fixed.ok) problems.push(fixed.message);
  }
  if (merged.mtu !== undefined) {
    const mtu = validateMtu(merged.mtu);
    if (!mtu.ok) problems.push(mtu.message);
  }
  if (merged.bridge !== undefined && merged.bridge !== "none") {
    const name = validateInterfaceName(merged.bridge, { field: "bridge", allowDockerOwned: true });
    if (!name.ok) problems.push(name.message);
  }
  return {
    bip: merged.bip ?? null,
    fixedCidr: merged["fixed-cidr"] ?? null,
    mtu: merged.mtu ?? null,
    icc: merged.icc ?? null,
    ipForward: merged["ip-forward"] ?? null,
    iptables: merged.iptables ?? null,
    ipMasq: merged["ip-masq"] ?? null,
    bridge: merged.bridge ?? null,
    defaultAddressPools: merged["default-address-pools"] ?? null,
    sources,
    problems,
  };
}
