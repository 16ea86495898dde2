// `pnpm lab <command>`: the thin shell around up.ts, status.ts, restart.ts and down.ts. Parses argv and env (zod), runs one
// command, prints a table or (--json) one JSON document, exits 0 / 1 (failed) / 2 (bad usage).
import { readFile } from "node:fs/promises";
import path from "node:path";
import { type Command, parseCli, USAGE, UsageError } from "./args.ts";
import { DEFAULT_RUN_DIR, DEFAULT_STATE_DIR, type LabConfig } from "./config.ts";
import { type JsonObject, parseDaemonJsonOverride } from "./daemon-json.ts";
import { labDown } from "./down.ts";
import { type LabEnv, parseEnv } from "./env.ts";
import { errorMessage, LabError } from "./errors.ts";
import { formatDown, formatRestart, formatStatus, formatUp } from "./format.ts";
import { restartDocker } from "./restart.ts";
import { labStatus } from "./status.ts";
import { labUp } from "./up.ts";

type Runnable = Exclude<Command, { cmd: "help" }>;

function configOf(cmd: Runnable, env: LabEnv): LabConfig {
  return {
    stateDir: cmd.common.stateDir ?? env.stateDir ?? DEFAULT_STATE_DIR,
    runDir: cmd.common.runDir ?? env.runDir ?? DEFAULT_RUN_DIR,
    failAfter: env.failAfter,
  };
}

async function readDaemonJson(file: string, cwd: string): Promise<JsonObject> {
  const full = path.resolve(cwd, file);
  let text: string;
  try {
    text = await readFile(full, "utf8");
  } catch (err) {
    throw new UsageError(`lab up: --daemon-json: cannot read ${full}: ${errorMessage(err)}`);
  }
  try {
    return parseDaemonJsonOverride(text, full);
  } catch (err) {
    throw new UsageError(`lab up: ${errorMessage(err)}`);
  }
}

async function execute(
  cmd: Runnable,
  env: LabEnv,
  signal: AbortSignal,
): Promise<{ json: object; text: string }> {
  const config = configOf(cmd, env);
  const onProgress = (line: string) => process.stderr.write(`lab: ${line}\n`);
  switch (cmd.cmd) {
    case "up": {
      const daemonJson =
        cmd.daemonJson === undefined ? undefined : await readDaemonJson(cmd.daemonJson, env.cwd);
      const report = await labUp(config, {
        hosts: cmd.hosts,
        containers: cmd.containers,
        daemonJson,
        signal,
        onProgress,
        agent: cmd.server === undefined ? undefined : { server: cmd.server, token: cmd.token },
      });
      return { json: report, text: formatUp(report) };
    }
    case "status": {
      const report = await labStatus(config);
      return { json: report, text: formatStatus(report) };
    }
    case "restart-docker": {
      const report = await restartDocker(config, cmd.host, { signal, onProgress });
      return { json: report, text: formatRestart(report) };
    }
    case "down": {
      const report = await labDown(config);
      return { json: report, text: formatDown(report) };
    }
  }
}

async function main(argv: readonly string[]): Promise<number> {
  let cmd: Command;
  let env: LabEnv;
  try {
    cmd = parseCli(argv);
    env = parseEnv(process.env, process.cwd());
  } catch (err) {
    process.stderr.write(`${errorMessage(err)}\n\n${USAGE}`);
    return 2;
  }
  if (cmd.cmd === "help") {
    process.stdout.write(USAGE);
    return 0;
  }
  const json = cmd.common.json;
  // Ctrl-C during `up` aborts between steps, and the rollback still runs.
  const abort = new AbortController();
  const onSignal = () => abort.abort(new Error("interrupted"));
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    const out = await execute(cmd, env, abort.signal);
    process.stdout.write(json ? `${JSON.stringify({ ok: true, ...out.json }, null, 2)}\n` : `${out.text}\n`);
    return 0;
  } catch (err) {
    const usage = err instanceof UsageError;
    const message = errorMessage(err);
    if (json) {
      const error =
        err instanceof LabError
          ? { step: err.step, host: err.host, message }
          : { step: null, host: null, message };
      process.stdout.write(`${JSON.stringify({ ok: false, error }, null, 2)}\n`);
    }
    process.stderr.write(`${usage ? "" : "error: "}${message}\n`);
    return usage ? 2 : 1;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

process.exitCode = await main(process.argv.slice(2));
