import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPostgresTestDatabase, type TestDatabase } from "@switchyard/db/testing";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  freePort,
  type RunningProcess,
  repoRoot,
  signInHttp,
  startWeb,
  TEST_ADMIN_PASSWORD,
  trpcPost,
  waitForHealthy,
} from "../../web/test/web-process.ts";

interface Row {
  seq: number;
  action: string;
  outcome: string;
  targetHosts: string[];
}

// `pnpm switchyard audit …` from the repository root, against the real web process.
describe("switchyard audit (CLI)", () => {
  let tdb: TestDatabase;
  let web: RunningProcess;
  let hostA = "";
  const config = mkdtempSync(join(tmpdir(), "switchyard-cli-audit-"));

  function cli(args: string[]) {
    const res = spawnSync("pnpm", ["--silent", "switchyard", ...args], {
      cwd: repoRoot,
      env: { ...process.env, XDG_CONFIG_HOME: config, SWITCHYARD_URL: "", SWITCHYARD_TOKEN: "" },
      encoding: "utf8",
      timeout: 60_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: res.status, stdout: res.stdout, stderr: res.stderr };
  }
  const json = <T = Record<string, unknown>>(r: { stdout: string }) => JSON.parse(r.stdout) as T;

  beforeAll(async () => {
    tdb = await createPostgresTestDatabase();
    web = startWeb(
      { DATABASE_URL: tdb.location, SWITCHYARD_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD },
      await freePort(),
    );
    await waitForHealthy(web, 60_000);
    const sql = postgres(tdb.location, { max: 1, onnotice: () => {} });
    try {
      const rows = await sql<{ id: string; name: string }[]>`
        insert into hosts (name, labels) values ('cli-a', '{"env":"staging"}'), ('cli-b', '{"env":"production"}')
        returning id, name`;
      hostA = rows.find((r) => r.name === "cli-a")?.id ?? "";
      const hostB = rows.find((r) => r.name === "cli-b")?.id ?? "";
      const cookie = await signInHttp(web.url, "admin", TEST_ADMIN_PASSWORD);
      for (const [hostId, n] of [
        [hostA, "1"],
        [hostA, "2"],
        [hostB, "1"],
      ] as const) {
        const res = await trpcPost(web.url, "hosts.setLabels", { hostId, labels: { n } }, { cookie });
        expect(res.status).toBe(200);
      }
      // A failed sign-in, for an outcome filter.
      const bad = await trpcPost(web.url, "auth.signIn", { username: "admin", password: "wrong-password-1" });
      expect(bad.status).toBe(401);
    } finally {
      await sql.end();
    }
    const login = spawnSync(
      "pnpm",
      ["--silent", "switchyard", "login", "--server", web.url, "--user", "admin", "--password-stdin"],
      {
        cwd: repoRoot,
        input: `${TEST_ADMIN_PASSWORD}\n`,
        env: { ...process.env, XDG_CONFIG_HOME: config, SWITCHYARD_URL: "", SWITCHYARD_TOKEN: "" },
        encoding: "utf8",
      },
    );
    expect(login.status, login.stderr).toBe(0);
  });
  afterAll(async () => {
    await web?.stop();
    await tdb?.drop();
    rmSync(config, { recursive: true, force: true });
  });

  it("audit list filters by host name, action and outcome, and pages with --cursor", () => {
    const byHost = cli(["audit", "list", "--host", "cli-a", "--json"]);
    expect(byHost.code, byHost.stderr).toBe(0);
    const rows = json<{ rows: Row[] }>(byHost).rows;
    expect(rows.map((r) => [r.action, r.targetHosts])).toEqual([
      ["hosts.set_labels", [hostA]],
      ["hosts.set_labels", [hostA]],
    ]);

    const failed = json<{ rows: Row[] }>(
      cli(["audit", "list", "--action", "auth.*", "--outcome", "failed,denied", "--json"]),
    ).rows;
    expect(failed.map((r) => [r.action, r.outcome])).toEqual([["auth.sign_in", "failed"]]);

    const first = json<{ rows: Row[]; nextCursor: number }>(cli(["audit", "list", "--limit", "1", "--json"]));
    expect(first.rows).toHaveLength(1);
    const second = json<{ rows: Row[] }>(
      cli(["audit", "list", "--limit", "1", "--cursor", String(first.nextCursor), "--json"]),
    );
    expect(second.rows[0]?.seq).toBe(first.nextCursor - 1);

    const human = cli(["audit", "list", "--host", "cli-a"]);
    expect(human.stdout).toMatch(/^#\d+\t\S+\tadmin\thosts\.set_labels\thost:cli-a\tsucceeded$/m);
  });

  it("names the bad flag: --outcome, --limit, --from", () => {
    const outcome = cli(["audit", "list", "--outcome", "exploded", "--json"]);
    expect(outcome.code).toBe(1);
    expect(json(outcome).error).toMatch(/^--outcome: "exploded" is not one of/);
    expect(json(cli(["audit", "list", "--limit", "500", "--json"])).error).toMatch(/^--limit:/);
    expect(json(cli(["audit", "list", "--from", "last tuesday", "--json"])).error).toMatch(/^--from:/);
    expect(json(cli(["audit", "list", "--host", "no-such-host", "--json"])).error).toMatch(
      /filter\.host: no host named "no-such-host"/,
    );
  });

  it("audit export streams NDJSON to stdout: the same rows as audit list", () => {
    const listed = json<{ rows: Row[] }>(cli(["audit", "list", "--host", "cli-a", "--json"])).rows;
    const r = cli(["audit", "export", "--format", "ndjson", "--host", "cli-a"]);
    expect(r.code, r.stderr).toBe(0);
    const exported = r.stdout
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as Row & { rowHash: string });
    expect(exported).toEqual(listed);
  });

  it("audit export --output writes a 0600 CSV file and reports it; the export is itself audited", () => {
    const file = join(config, "audit.csv");
    const r = cli(["audit", "export", "--format", "csv", "--output", file, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const out = json<{ file: string; bytes: number; exportSeq: number }>(r);
    expect(out.file).toBe(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, "utf8");
    expect(out.bytes).toBe(Buffer.byteLength(text));
    expect(text.split("\r\n")[0] ?? text.split("\n")[0]).toMatch(/^seq,time,actorType,/);
    const exports = json<{ rows: Row[] }>(cli(["audit", "list", "--action", "audit.export", "--json"])).rows;
    expect(exports.map((e) => e.seq)).toContain(out.exportSeq);
    expect(json(cli(["audit", "export", "--json"])).error).toMatch(/^--format: csv or ndjson/);
  });

  it("audit head and audit verify agree; a known head is checked; an edited row makes verify exit 1 naming it", async () => {
    const head = json<{ seq: number; rowHash: string }>(cli(["audit", "head", "--json"]));
    const ok = cli(["audit", "verify", "--known-head", `${head.seq}:${head.rowHash}`, "--json"]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(json(ok)).toMatchObject({ ok: true });

    const sql = postgres(tdb.location, { max: 1, onnotice: () => {} });
    try {
      await sql.begin(async (tx) => {
        await tx`alter table audit_events disable trigger audit_events_append_only`;
        await tx`update audit_events set outcome = 'failed' where seq = 2`;
        await tx`alter table audit_events enable trigger audit_events_append_only`;
      });
    } finally {
      await sql.end();
    }
    const broken = cli(["audit", "verify", "--json"]);
    expect(broken.code).toBe(1);
    expect(json(broken)).toEqual({
      ok: false,
      firstBrokenSeq: 2,
      reason: "row_hash of #2 does not match its contents",
    });
    expect(broken.stderr).toContain("audit chain broken at #2");
    const human = cli(["audit", "verify"]);
    expect(human.code).toBe(1);
    expect(human.stdout).toContain("Chain broken at #2");
  });
});
