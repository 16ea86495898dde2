// iptables (filter and nat) as iptables-save prints them, each chain and rule tagged with the
// owner that manages it; native nftables tables as a summary.
import { z } from "zod";
import { Name } from "../common.ts";

/**
 * Who manages a chain or rule: `docker` (Docker's chains, rules jumping to them, rules on Docker's
 * bridges or for Docker's subnets), `switchyard` (SWITCHYARD-* chains and jumps to them), or `other`
 * (the host's own rules, including what an admin put in DOCKER-USER).
 */
export const RuleOwner = z.enum(["docker", "switchyard", "other"]);
export type RuleOwner = z.infer<typeof RuleOwner>;

/** A chain of one table. */
export const IptablesChain = z.object({
  /** Chain name ("FORWARD", "DOCKER-USER", "SWITCHYARD-ISOLATION"). */
  name: Name,
  /** Policy of a built-in chain ("ACCEPT", "DROP"); null for user-defined chains. */
  policy: z.string().max(32).nullable(),
  /** True for the table's built-in chains (the ones with a policy). */
  builtin: z.boolean(),
  /** Who manages the chain. */
  owner: RuleOwner,
});
export type IptablesChain = z.infer<typeof IptablesChain>;

/** One rule (`-A CHAIN ...` line). */
export const IptablesRule = z.object({
  /** Table ("filter", "nat"). */
  table: z.string().max(32),
  /** Chain the rule is appended to. */
  chain: Name,
  /** 1-based position within its chain (what `iptables -D CHAIN n` would take). */
  index: z.int().positive(),
  /** The rule's argv tokens after `-A CHAIN`, unquoted (`["-s","172.17.0.0/16","!","-o","docker0","-j","MASQUERADE"]`). */
  spec: z.array(z.string().max(4096)),
  /** Target of `-j` (or `-g`), null when the rule has none (it only counts). */
  target: Name.nullable(),
  /** Who manages the rule. */
  owner: RuleOwner,
  /** The line exactly as iptables-save printed it. */
  raw: z.string().max(8192),
});
export type IptablesRule = z.infer<typeof IptablesRule>;

/** One table: chains in iptables-save order, rules in chain order. */
export const IptablesTable = z.object({
  /** Chains, built-in ones first as iptables-save prints them. */
  chains: z.array(IptablesChain),
  /** Rules in the order iptables-save printed them (grouped by chain). */
  rules: z.array(IptablesRule),
});
export type IptablesTable = z.infer<typeof IptablesTable>;

/** A MASQUERADE rule, read out of the nat table for the "NAT per subnet" views. */
export const MasqueradeRule = z.object({
  /** Source CIDR (`-s`), null when the rule matches any source. */
  source: z.string().max(64).nullable(),
  /** True for `! -s`. */
  sourceNegated: z.boolean(),
  /** Destination CIDR (`-d`), null when any. */
  destination: z.string().max(64).nullable(),
  /** Output interface (`-o`), null when any. */
  outInterface: Name.nullable(),
  /** True for `! -o` (Docker's form: `! -o docker0` = leaving by any other interface). */
  outNegated: z.boolean(),
  /** True when it masquerades a whole subnet (a source shorter than /32, no destination, no port match): the seed's rule. Docker's per-port hairpin rules are false. */
  subnetWide: z.boolean(),
  /** Chain it is in (POSTROUTING for Docker's). */
  chain: Name,
  /** Its 1-based index in that chain. */
  index: z.int().positive(),
  /** Who manages it. */
  owner: RuleOwner,
});
export type MasqueradeRule = z.infer<typeof MasqueradeRule>;

/** The iptables view of the host's namespace. */
export const Iptables = z.object({
  /** iptables version from the iptables-save header ("1.8.9"); null when the header is missing. */
  version: z.string().max(32).nullable(),
  /** Backend from the header: `nf_tables` (iptables-nft) or `legacy`; null when unknown. */
  backend: z.enum(["nf_tables", "legacy"]).nullable(),
  /** The filter table (empty when iptables-save printed none). */
  filter: IptablesTable,
  /** The nat table (empty when iptables-save printed none). */
  nat: IptablesTable,
  /** Every MASQUERADE rule of the nat table. */
  masquerade: z.array(MasqueradeRule),
});
export type Iptables = z.infer<typeof Iptables>;

/** A native nftables table (`nft -j list ruleset`), summarised. */
export const NftTable = z.object({
  /** Family ("ip", "ip6", "inet", "bridge", ...). */
  family: z.string().max(16),
  /** Table name. */
  name: Name,
  /** Number of chains. */
  chains: z.int().nonnegative(),
  /** Number of rules. */
  rules: z.int().nonnegative(),
  /** True when iptables-nft most likely made it (family ip/ip6, name filter/nat/mangle/raw/security): then the iptables section already shows its rules. */
  iptablesCompat: z.boolean(),
});
export type NftTable = z.infer<typeof NftTable>;

/** The nftables view. */
export const Nftables = z.object({
  /** Tables in listing order. */
  tables: z.array(NftTable),
});
export type Nftables = z.infer<typeof Nftables>;
