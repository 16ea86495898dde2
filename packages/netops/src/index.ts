// @switchyard/netops: pure code over real command output. Parsers (text → typed data),
// derivations (peers, bridges, links, owners, posture), the snapshot builder, hash and diff,
// and the validators the agent and the API share. No I/O here and in nothing it imports.

export { deriveBridges } from "./derive/bridges.ts";
export {
  CAPABILITY_NAMES,
  compareToDockerDefault,
  DOCKER_DEFAULT_CAPABILITIES,
  decodeCapabilities,
} from "./derive/capabilities.ts";
export { assembleInterfaces, interfaceKind } from "./derive/interfaces.ts";
export {
  chainOwner,
  type DockerIptablesContext,
  isDockerBridge,
  ruleOwner,
  tagIptables,
} from "./derive/iptables-owner.ts";
export { masqueradeForSubnet, masqueradeRules } from "./derive/masquerade.ts";
export { namespaceSharing } from "./derive/ns-sharing.ts";
export { detectP2pLinks } from "./derive/p2p-links.ts";
export { subnetsInUse } from "./derive/subnets-in-use.ts";
export { endKey, isVeth, type NamespaceLinks, resolveVethPeers } from "./derive/veth-peers.ts";
export { parseCgroupLimits } from "./parse/cgroup-limits.ts";
export {
  type DaemonOptions,
  type DaemonSource,
  mergeDaemonConfig,
  parseDaemonJson,
  parseDockerOpts,
} from "./parse/daemon-config.ts";
export {
  type DockerContainerInspect,
  type DockerContainerSummary,
  type DockerInfo,
  type DockerNetworkInspect,
  type DockerVersion,
  parseDockerContainerInspect,
  parseDockerContainerList,
  parseDockerInfo,
  parseDockerNetwork,
  parseDockerNetworkList,
  parseDockerVersion,
} from "./parse/docker-engine.ts";
export { type IpAddrEntry, parseIpAddr } from "./parse/ip-addr.ts";
export { type IpLink, parseIpLink } from "./parse/ip-link.ts";
export { type IpRouteOptions, normaliseDst, parseIpRoute } from "./parse/ip-route.ts";
export {
  type IptablesSave,
  parseIptablesSave,
  ruleOption,
  ruleTarget,
  type SavedChain,
  type SavedRule,
  type SavedTable,
} from "./parse/iptables-save.ts";
export { parseNftRuleset } from "./parse/nft-ruleset.ts";
export { parseOsRelease } from "./parse/os-release.ts";
export {
  NAMESPACE_TYPES,
  type NamespaceInodes,
  type NamespaceType,
  parseNsLink,
  parseNsLinks,
} from "./parse/proc-ns.ts";
export { type ProcStatus, parseProcStatus } from "./parse/proc-status.ts";
export { parseSysctlBool } from "./parse/sysctl.ts";
export { splitWords } from "./parse/words.ts";
export { err, invalid, ok, type Result, type Validation } from "./result.ts";
export type { CommandOutput, CommandRunner, RunOptions } from "./runner.ts";
export { buildSnapshot } from "./snapshot/build.ts";
export { canonicalJson } from "./snapshot/canonical-json.ts";
export {
  applySnapshotDelta,
  type DeltaResult,
  makeSnapshotDelta,
  type SnapshotDelta,
} from "./snapshot/delta.ts";
export { diffSnapshots, type SnapshotChange } from "./snapshot/diff.ts";
export { snapshotHash, stableSnapshot, VOLATILE_FIELDS } from "./snapshot/hash.ts";
export type { ContainerInput, DockerInput, NamespaceInput, SnapshotInputs } from "./snapshot/inputs.ts";
export { sha256Hex } from "./snapshot/sha256.ts";
export {
  IFNAME_MAX_BYTES,
  IFNAME_PATTERN,
  type IfnameOptions,
  isDockerOwnedIfname,
  validateInterfaceName,
} from "./validate/ifname.ts";
export {
  type CidrOptions,
  cidrContains,
  cidrHasAddress,
  cidrsOverlap,
  type Ipv4Cidr,
  ipv4ToString,
  parseIpv4Address,
  parseIpv4Cidr,
  prefixMask,
} from "./validate/ipv4-cidr.ts";
export { MTU_MAX, MTU_MIN, MTU_MIN_IPV6, type MtuOptions, validateMtu } from "./validate/mtu.ts";
export {
  type SubnetInUse,
  validateBip,
  validateFixedCidr,
  validateMasqueradeSource,
  validateNoOverlap,
} from "./validate/network-params.ts";
