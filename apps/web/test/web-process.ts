// Test support: runs the real web process (server.ts, production mode, built .next) on a
// free port and stops it by its pid.
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const webDir = join(dirname(fileURLToPath(import.meta.url)), "..");
export const repoRoot = join(webDir, "..", "..");

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface RunningProcess {
  readonly child: ChildProcess;
  readonly url: string;
  output(): string;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/** Spawns `argv` in its own process group so stop() ends it and every child it started. */
export function spawnProcess(
  argv: string[],
  opts: { cwd: string; env: Record<string, string>; port: number },
): RunningProcess {
  const [cmd, ...args] = argv;
  if (!cmd) throw new Error("spawnProcess: empty argv");
  const child = spawn(cmd, args, {
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env, PORT: String(opts.port) },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    child,
    url: `http://127.0.0.1:${opts.port}`,
    output: () => out,
    exited,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
      process.kill(-child.pid, "SIGTERM");
      const timer = setTimeout(() => {
        if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, "SIGKILL");
      }, 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export function startWeb(env: Record<string, string>, port: number): RunningProcess {
  return spawnProcess([process.execPath, "--import", "tsx", "server.ts"], {
    cwd: webDir,
    env: { NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", ...env },
    port,
  });
}

/** Polls GET url until it answers 200 or the process exits; returns the last body. */
export async function waitForHealthy(proc: RunningProcess, timeoutMs: number): Promise<unknown> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void proc.exited.then(() => {
    exited = true;
  });
  while (Date.now() < deadline && !exited) {
    try {
      const res = await fetch(`${proc.url}/healthz`);
      if (res.status === 200) return await res.json();
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`not healthy within ${timeoutMs} ms (exited: ${exited}); output:\n${proc.output()}`);
}

/** Calls a tRPC mutation over HTTP as a browser on `url` would (JSON, same Origin). */
export async function trpcPost(
  url: string,
  path: string,
  input: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${url}/api/trpc/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: url, ...headers },
    body: JSON.stringify({ json: input }),
  });
}

/** Signs in over HTTP; returns the Cookie header value for later requests. */
export async function signInHttp(url: string, username: string, password: string): Promise<string> {
  const res = await trpcPost(url, "auth.signIn", { username, password });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  if (!cookie) throw new Error("sign-in set no cookie");
  return cookie;
}

export const TEST_ADMIN_PASSWORD = "harbor-violet-quantum-4471";
