import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPostgresTestDatabase, type TestDatabase } from "@switchyard/db/testing";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  freePort,
  type RunningProcess,
  repoRoot,
  startWeb,
  TEST_ADMIN_PASSWORD,
  waitForHealthy,
} from "../../web/test/web-process.ts";

// The real CLI, as `pnpm switchyard …` from the repository root, against the real web process.
describe("switchyard CLI", () => {
  let tdb: TestDatabase;
  let web: RunningProcess;
  const config = mkdtempSync(join(tmpdir(), "switchyard-cli-"));

  function cli(args: string[], opts: { input?: string; env?: Record<string, string> } = {}) {
    const res = spawnSync("pnpm", ["--silent", "switchyard", ...args], {
      cwd: repoRoot,
      input: opts.input ?? "",
      env: { ...process.env, XDG_CONFIG_HOME: config, SWITCHYARD_URL: "", SWITCHYARD_TOKEN: "", ...opts.env },
      encoding: "utf8",
      timeout: 60_000,
    });
    return { code: res.status, stdout: res.stdout, stderr: res.stderr };
  }
  const json = (r: { stdout: string }) => JSON.parse(r.stdout) as Record<string, unknown>;

  beforeAll(async () => {
    tdb = await createPostgresTestDatabase();
    web = startWeb(
      { DATABASE_URL: tdb.location, SWITCHYARD_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD },
      await freePort(),
    );
    await waitForHealthy(web, 60_000);
    const sql = postgres(tdb.location, { max: 1 });
    await sql`insert into hosts (name, labels) values ('cli-stg', '{"env":"staging"}'), ('cli-prod', '{"env":"production"}')`;
    await sql.end();
  });
  afterAll(async () => {
    await web?.stop();
    await tdb?.drop();
    rmSync(config, { recursive: true, force: true });
  });

  it("refuses commands before login, naming what to do", () => {
    const r = cli(["whoami", "--json"]);
    expect(r.code).toBe(2);
    expect(json(r).error).toMatch(/not signed in/);
  });

  it("logs in with --user and --password-stdin and stores the credential in a 0600 file", () => {
    const r = cli(["login", "--server", web.url, "--user", "admin", "--password-stdin", "--json"], {
      input: `${TEST_ADMIN_PASSWORD}\n`,
    });
    expect(r.code, r.stderr).toBe(0);
    const out = json(r);
    expect(out).toMatchObject({ username: "admin", kind: "user" });
    const file = String(out.credentials);
    expect(file.startsWith(config)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it("a wrong password fails with the server's one answer", () => {
    const r = cli(["login", "--server", web.url, "--user", "admin", "--password-stdin", "--json"], {
      input: "nope-nope-nope\n",
    });
    expect(r.code).toBe(1);
    expect(json(r).error).toBe("invalid username or password");
  });

  it("whoami --json names the user and grants", () => {
    const r = cli(["whoami", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(json(r)).toMatchObject({ username: "admin", grants: [{ role: "admin", selector: null }] });
  });

  it("token create --json returns a token that works with SWITCHYARD_TOKEN and `login --token`", () => {
    const r = cli([
      "token",
      "create",
      "--role",
      "viewer",
      "--selector",
      "env=staging",
      "--expires",
      "7d",
      "--json",
    ]);
    expect(r.code, r.stderr).toBe(0);
    const created = json(r);
    expect(created.token).toMatch(/^sy_/);
    const token = String(created.token);

    const viaEnv = cli(["hosts", "list", "--json"], {
      env: { SWITCHYARD_URL: web.url, SWITCHYARD_TOKEN: token },
    });
    expect(viaEnv.code, viaEnv.stderr).toBe(0);
    expect((JSON.parse(viaEnv.stdout) as { name: string }[]).map((h) => h.name)).toEqual(["cli-stg"]);

    const login = cli(["login", "--server", web.url, "--token", token, "--json"]);
    expect(login.code, login.stderr).toBe(0);
    expect(json(login)).toMatchObject({ kind: "token", username: "admin" });
    const who = cli(["whoami", "--json"]);
    expect(json(who)).toMatchObject({ kind: "token", grants: [{ role: "viewer", selector: "env=staging" }] });
  });

  it("hosts show and enroll-token create answer in JSON (signed in as admin with a password)", () => {
    const login = cli(["login", "--server", web.url, "--user", "admin", "--password-stdin", "--json"], {
      input: `${TEST_ADMIN_PASSWORD}\n`,
    });
    expect(login.code, login.stderr).toBe(0);
    const show = cli(["hosts", "show", "cli-prod", "--json"]);
    expect(show.code, show.stderr).toBe(0);
    expect(json(show)).toMatchObject({
      host: { name: "cli-prod", labels: { env: "production" } },
      snapshot: null,
    });
    const missing = cli(["hosts", "show", "no-such-host", "--json"]);
    expect(missing.code).toBe(1);
    expect(json(missing).error).toMatch(/no host named "no-such-host"/);
    const token = cli([
      "enroll-token",
      "create",
      "--ttl",
      "30m",
      "--uses",
      "2",
      "--label",
      "env=lab",
      "--json",
    ]);
    expect(token.code, token.stderr).toBe(0);
    const created = json(token);
    expect(created.token).toMatch(/^syen_/);
    expect(created).toMatchObject({ maxUses: 2 });
    expect(created.command).toEqual([
      "pnpm",
      "agent",
      "--server",
      web.url,
      "--enrollment-token",
      created.token,
    ]);
    const bad = cli(["enroll-token", "create", "--ttl", "soon", "--json"]);
    expect(json(bad).error).toMatch(/--ttl/);
  });

  it("names the bad option value", () => {
    const r = cli(["token", "create", "--role", "root", "--json"]);
    expect(r.code).toBe(1);
    expect(json(r).error).toMatch(/--role: one of viewer, operator, admin/);
    const e = cli(["token", "create", "--role", "viewer", "--expires", "soon", "--json"]);
    expect(json(e).error).toMatch(/--expires/);
  });
});
