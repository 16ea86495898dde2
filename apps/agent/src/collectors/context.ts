// What every collector gets: how to run commands, where the host is, and the options.
import type { CommandRunner } from "@switchyard/netops";
import type { AgentConfig } from "../config.ts";
import type { Logger } from "../log.ts";
import { type NsTarget, SELF } from "../ns-commands.ts";

export interface CollectContext {
  runner: CommandRunner;
  config: AgentConfig;
  log: Logger;
  /** The host's network namespace: the lab host's (--netns) or the agent's own. */
  host: NsTarget;
  /** True in a lab (--netns set): named and process-held namespaces are machine-wide then, not this host's. */
  lab: boolean;
}

/** The host namespace target for a configuration. */
export function hostTarget(config: Pick<AgentConfig, "netns">): NsTarget {
  return config.netns === undefined ? SELF : { kind: "named", name: config.netns };
}
