// The local agent of the quick start: the web process starts one agent for the machine it
// runs on (SWITCHYARD_LOCAL_AGENT=1, set by scripts/run.sh). It enrolls once with a
// single-use token the server creates for it, then reconnects with its stored credential.
// It only reads the machine's state.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, openSync } from "node:fs";
import { join } from "node:path";
import { createEnrollmentToken, type ServerDeps } from "@switchyard/server";

const agentMain = join(import.meta.dirname, "..", "..", "..", "agent", "src", "main.ts");

export interface LocalAgent {
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

export async function startLocalAgent(
  deps: ServerDeps,
  opts: { serverUrl: string; stateDir: string },
): Promise<LocalAgent> {
  mkdirSync(opts.stateDir, { recursive: true, mode: 0o700 });
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (!existsSync(join(opts.stateDir, "credential.json"))) {
    const { token } = await createEnrollmentToken(
      deps.db,
      { name: "local agent", ttlSeconds: 600, maxUses: 1, labels: { local: "true" } },
      { actorType: "system", actorId: null, actorName: "local-agent", role: null },
    );
    // Through the environment, never argv (argv is visible to every user in ps).
    env.SWITCHYARD_AGENT_ENROLLMENT_TOKEN = token;
  }
  const log = openSync(join(opts.stateDir, "agent.log"), "a", 0o600);
  const child: ChildProcess = spawn(
    process.execPath,
    ["--import", "tsx", agentMain, "run", "--server", opts.serverUrl, "--state-dir", opts.stateDir],
    { env, stdio: ["ignore", log, log] },
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.once("exit", (code, signal) => {
    if (signal !== "SIGTERM")
      console.error(`switchyard: local agent exited (${signal ?? code}); see ${opts.stateDir}/agent.log`);
  });
  return {
    pid: child.pid,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
