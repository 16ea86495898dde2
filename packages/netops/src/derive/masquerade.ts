// MASQUERADE rules of the nat table, per source subnet: the seed's
// `-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE`, and Docker's per-port hairpin
// rules (`-s 192.168.77.128/32 -d 192.168.77.128/32 -p tcp --dport 80 -j MASQUERADE`).
import type { IptablesTable, MasqueradeRule } from "@switchyard/protocol";
import { ruleOption } from "../parse/iptables-save.ts";
import { parseIpv4Cidr } from "../validate/ipv4-cidr.ts";

/** Every MASQUERADE rule of a nat table, in order. */
export function masqueradeRules(nat: IptablesTable): MasqueradeRule[] {
  return nat.rules
    .filter((rule) => rule.target === "MASQUERADE")
    .map((rule) => {
      const source = ruleOption(rule.spec, ["-s", "--source"]);
      const destination = ruleOption(rule.spec, ["-d", "--destination"]);
      const out = ruleOption(rule.spec, ["-o", "--out-interface"]);
      const sourceCidr = source ? parseIpv4Cidr(source.value) : null;
      const hasPortMatch = rule.spec.some((w) => w === "--dport" || w === "--sport" || w === "--dports");
      return {
        source: source?.value ?? null,
        sourceNegated: source?.negated ?? false,
        destination: destination?.value ?? null,
        outInterface: out?.value ?? null,
        outNegated: out?.negated ?? false,
        subnetWide:
          source !== null &&
          !source.negated &&
          sourceCidr?.ok === true &&
          sourceCidr.value.prefixLength < 32 &&
          destination === null &&
          !hasPortMatch,
        chain: rule.chain,
        index: rule.index,
        owner: rule.owner,
      };
    });
}

/**
 * The MASQUERADE rules that masquerade exactly this subnet (same network, same prefix; "172.17.0.0/16"
 * also matches a rule written "172.17.0.1/16", which iptables stores as the network anyway).
 */
export function masqueradeForSubnet(rules: readonly MasqueradeRule[], subnet: string): MasqueradeRule[] {
  const wanted = parseIpv4Cidr(subnet);
  if (!wanted.ok) return [];
  return rules.filter((rule) => {
    if (rule.source === null || rule.sourceNegated) return false;
    const source = parseIpv4Cidr(rule.source);
    return source.ok && source.value.network === wanted.value.network;
  });
}
