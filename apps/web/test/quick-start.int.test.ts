import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  freePort,
  type RunningProcess,
  repoRoot,
  signInHttp,
  spawnProcess,
  TEST_ADMIN_PASSWORD,
  waitForHealthy,
} from "./web-process.ts";

/** The fenced block under the README's "Quick start" heading, one command per line. */
function quickStartCommands(): string[] {
  const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
  const section = readme.split(/^## Quick start$/m)[1] ?? "";
  const block = /```(?:sh|bash)?\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
  return block
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}

describe("README quick start", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "switchyard-quickstart-"));
  let run: RunningProcess | undefined;
  afterAll(async () => {
    await run?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("holds exactly two commands: run, then test", () => {
    const cmds = quickStartCommands();
    expect(cmds).toHaveLength(2);
    expect(cmds[0]).toMatch(/run/);
    expect(cmds[1]).toMatch(/test/);
  });

  it("the run command brings the app up on the embedded database and /healthz answers ok", async () => {
    const [runCommand] = quickStartCommands();
    if (!runCommand) throw new Error("README has no run command");
    const argv = runCommand.split(/\s+/);
    run = spawnProcess(argv, {
      cwd: repoRoot,
      env: { SWITCHYARD_DATA_DIR: dataDir, SWITCHYARD_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD },
      port: await freePort(),
    });
    const health = await waitForHealthy(run, 240_000);
    expect(health).toMatchObject({ status: "ok", database: { driver: "pglite", ok: true } });
    expect(run.output()).toContain(`database ready (PGlite at ${join(dataDir, "pglite")})`);
    expect(run.output()).toContain('created user "admin" with the password from SWITCHYARD_ADMIN_PASSWORD');
    const cookie = await signInHttp(run.url, "admin", TEST_ADMIN_PASSWORD);
    const page = await (await fetch(run.url, { headers: { cookie } })).text();
    expect(page).toContain("embedded (PGlite)");

    // The run command also starts an agent for this machine, which enrolls and reports.
    expect(run.output()).toMatch(/local agent started \(pid \d+\)/);
    const input = encodeURIComponent(JSON.stringify({ json: { label: { key: "local", value: "true" } } }));
    const localHosts = async () => {
      const res = await fetch(`${run?.url}/api/trpc/hosts.list?input=${input}`, { headers: { cookie } });
      const body = (await res.json()) as {
        result: { data: { json: { items: { status: string; containerCount: number | null }[] } } };
      };
      return body.result.data.json.items;
    };
    await expect
      .poll(async () => (await localHosts())[0]?.status, { timeout: 60_000, interval: 500 })
      .toBe("online");
  });
});
