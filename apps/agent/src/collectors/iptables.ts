// iptables (one `iptables-save` dump: every table, parsed for nat and filter by netops) and the
// native nftables ruleset (`nft -j list ruleset`), both in the host's network namespace.
import type { Available } from "@switchyard/protocol";
import { iptablesSaveArgv, nftRulesetArgv } from "../ns-commands.ts";
import type { CollectContext } from "./context.ts";
import { runText } from "./run-text.ts";

export async function collectIptables(
  ctx: CollectContext,
): Promise<{ iptablesSave: Available<string>; nftRuleset: Available<string> }> {
  const [iptablesSave, nftRuleset] = await Promise.all([
    runText(ctx, iptablesSaveArgv(ctx.host)),
    runText(ctx, nftRulesetArgv(ctx.host)),
  ]);
  return { iptablesSave, nftRuleset };
}
