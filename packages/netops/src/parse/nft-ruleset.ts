// `nft -j list ruleset`, summarised per table. iptables-nft keeps its rules in ordinary nft
// tables (ip filter, ip nat, ...) with xtables match expressions, and nft 1.0.6 marks them in
// no way; such tables are flagged `iptablesCompat` by name so the UI does not show them twice.
import type { Nftables, NftTable } from "@switchyard/protocol";
import { z } from "zod";
import type { Result } from "../result.ts";
import { parseJsonWith } from "./json.ts";

const Ref = z.object({ family: z.string(), table: z.string() });
const RulesetJson = z.object({
  nftables: z.array(
    z.object({
      table: z.object({ family: z.string(), name: z.string() }).optional(),
      chain: Ref.optional(),
      rule: Ref.optional(),
    }),
  ),
});

const IPTABLES_TABLES = new Set(["filter", "nat", "mangle", "raw", "security"]);

/** Parses `nft -j list ruleset` into a per-table summary. */
export function parseNftRuleset(stdout: string): Result<Nftables> {
  const parsed = parseJsonWith(stdout, RulesetJson, "nft -j list ruleset");
  if (!parsed.ok) return parsed;
  const tables: NftTable[] = [];
  const byKey = new Map<string, NftTable>();
  for (const item of parsed.value.nftables) {
    if (item.table) {
      const table: NftTable = {
        family: item.table.family,
        name: item.table.name,
        chains: 0,
        rules: 0,
        iptablesCompat:
          (item.table.family === "ip" || item.table.family === "ip6") && IPTABLES_TABLES.has(item.table.name),
      };
      tables.push(table);
      byKey.set(`${table.family} ${table.name}`, table);
    }
    const ref = item.chain ?? item.rule;
    const owner = ref ? byKey.get(`${ref.family} ${ref.table}`) : undefined;
    if (owner && item.chain) owner.chains++;
    if (owner && item.rule) owner.rules++;
  }
  return { ok: true, value: { tables } };
}
