// Who manages each iptables chain and rule. Docker's layout differs between versions (≤27:
// DOCKER, DOCKER-USER, DOCKER-ISOLATION-STAGE-1/2; 28: adds DOCKER-FORWARD, DOCKER-BRIDGE,
// DOCKER-CT, DOCKER-INTERNAL; 29: no ISOLATION chains), so ownership is read from names and
// matches, never from a fixed list of rules. Docker 20.10 writes no rule comments.
import type { Iptables, IptablesChain, IptablesRule, IptablesTable, RuleOwner } from "@switchyard/protocol";
import type { IptablesSave, SavedRule } from "../parse/iptables-save.ts";
import { ruleOption } from "../parse/iptables-save.ts";
import { cidrContains, parseIpv4Cidr } from "../validate/ipv4-cidr.ts";
import { masqueradeRules } from "./masquerade.ts";

/** What is known about Docker on the host, to recognise its rules. */
export interface DockerIptablesContext {
  /** Linux bridges of Docker networks ("docker0", "br-e30d00e49f23"); docker0 and br-<12 hex> are always assumed. */
  bridges?: readonly string[];
  /** Subnets of Docker networks ("172.17.0.0/16"), to recognise Docker's per-port MASQUERADE rules. */
  subnets?: readonly string[];
}

const DOCKER_CHAIN = /^DOCKER(-[A-Z0-9-]+)?$/;
const SWITCHYARD_CHAIN = /^SWITCHYARD(-[A-Z0-9_-]+)?$/;

/** Owner of a chain, by name. */
export function chainOwner(name: string): RuleOwner {
  if (SWITCHYARD_CHAIN.test(name)) return "switchyard";
  if (DOCKER_CHAIN.test(name)) return "docker";
  return "other";
}

/** True for a bridge Docker made: listed in the context, docker0, or br-<12 hex> (a user network). */
export function isDockerBridge(name: string, context: DockerIptablesContext = {}): boolean {
  return name === "docker0" || /^br-[0-9a-f]{12}$/.test(name) || (context.bridges ?? []).includes(name);
}

/**
 * Owner of a rule, first match wins:
 * 1. a rule in a SWITCHYARD chain or jumping to one → switchyard;
 * 2. in DOCKER-USER, only Docker's closing `-j RETURN` is Docker's; the rest is the admin's → other;
 * 3. a rule in a Docker chain, or jumping to one → docker;
 * 4. a rule matching a Docker bridge with -i/-o (negated or not) → docker (the seed's MASQUERADE
 *    `-s 172.17.0.0/16 ! -o docker0`, icc's `-i docker0 -o docker0 -j DROP`);
 * 5. a MASQUERADE whose source lies in a Docker subnet → docker (per-port hairpin rules);
 * 6. anything else → other.
 */
export function ruleOwner(table: string, rule: SavedRule, context: DockerIptablesContext = {}): RuleOwner {
  const target = rule.target;
  if (chainOwner(rule.chain) === "switchyard" || (target !== null && chainOwner(target) === "switchyard")) {
    return "switchyard";
  }
  if (rule.chain === "DOCKER-USER") {
    return rule.spec.length === 2 && target === "RETURN" ? "docker" : "other";
  }
  if (chainOwner(rule.chain) === "docker" || (target !== null && chainOwner(target) === "docker"))
    return "docker";
  for (const names of [
    ["-i", "--in-interface"],
    ["-o", "--out-interface"],
  ]) {
    const option = ruleOption(rule.spec, names);
    if (option && isDockerBridge(option.value, context)) return "docker";
  }
  if (table === "nat" && target === "MASQUERADE") {
    const source = ruleOption(rule.spec, ["-s", "--source"]);
    const cidr = source && !source.negated ? parseIpv4Cidr(source.value) : null;
    if (cidr?.ok) {
      for (const subnet of context.subnets ?? []) {
        const docker = parseIpv4Cidr(subnet);
        if (docker.ok && cidrContains(docker.value, cidr.value)) return "docker";
      }
    }
  }
  return "other";
}

/** Tags an iptables-save dump's filter and nat tables with owners and extracts MASQUERADE rules. */
export function tagIptables(save: IptablesSave, context: DockerIptablesContext = {}): Iptables {
  const table = (name: string): IptablesTable => {
    const saved = save.tables.find((t) => t.name === name);
    if (!saved) return { chains: [], rules: [] };
    const chains: IptablesChain[] = saved.chains.map((chain) => ({
      name: chain.name,
      policy: chain.policy,
      builtin: chain.policy !== null,
      owner: chainOwner(chain.name),
    }));
    const rules: IptablesRule[] = saved.rules.map((rule) => ({
      table: name,
      chain: rule.chain,
      index: rule.index,
      spec: rule.spec,
      target: rule.target,
      owner: ruleOwner(name, rule, context),
      raw: rule.raw,
    }));
    return { chains, rules };
  };
  const nat = table("nat");
  return {
    version: save.version,
    backend: save.backend,
    filter: table("filter"),
    nat,
    masquerade: masqueradeRules(nat),
  };
}
