// switchyard-agent: `run` (enroll once, connect, report; the daemon) or `collect [--json]`
// (collect once, print, exit; no server). Exit codes: 0 stopped by a signal, 1 fatal (revoked,
// enrollment refused), 2 bad configuration.

import { runAgent } from "./agent.ts";
import { collect } from "./collect.ts";
import { type CollectContext, hostTarget } from "./collectors/context.ts";
import { dockerClient } from "./collectors/docker.ts";
import type { Invocation } from "./config.ts";
import { USAGE } from "./config.ts";
import { loadInvocation } from "./load-config.ts";
import { createLogger } from "./log.ts";
import { ExecaRunner } from "./runner.ts";

async function collectOnce(inv: Invocation): Promise<number> {
  const log = createLogger(inv.config.logLevel);
  const ctx: CollectContext = {
    runner: new ExecaRunner(inv.config.commandTimeoutMs, log),
    config: inv.config,
    log,
    host: hostTarget(inv.config),
    lab: inv.config.netns !== undefined,
  };
  const result = await collect(ctx, dockerClient(inv.config.dockerSocket, inv.config.commandTimeoutMs));
  if (inv.json) {
    process.stdout.write(`${JSON.stringify(result.snapshot, null, 2)}\n`);
  } else {
    const s = result.snapshot;
    const count = <T>(a: { available: true; value: T[] } | { available: false; reason: string }) =>
      a.available ? String(a.value.length) : `unavailable (${a.reason})`;
    process.stdout.write(
      [
        `host        ${s.host.hostName}`,
        `hash        ${result.hash}`,
        `namespaces  ${count(s.namespaces)}`,
        `bridges     ${count(s.bridges)}`,
        `links       ${count(s.links)}`,
        `containers  ${s.docker.available ? s.docker.value.containers.length : `unavailable (${s.docker.reason})`}`,
        `collected   in ${result.ms} ms`,
        "",
      ].join("\n"),
    );
  }
  return 0;
}

async function main(): Promise<number> {
  const inv = loadInvocation(process.argv.slice(2), process.env);
  switch (inv.command) {
    case "help":
      process.stdout.write(USAGE);
      return 0;
    case "collect":
      return collectOnce(inv);
    case "run": {
      // Exit explicitly: a watcher's half-closed stream must not keep a stopped agent alive.
      const code = await runAgent(inv.config);
      process.exit(code);
    }
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(
      `switchyard-agent: fatal: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exitCode = 1;
  },
);
