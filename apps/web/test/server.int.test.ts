import { createPostgresTestDatabase, type TestDatabase } from "@switchyard/db/testing";
import { AgentCloseCode } from "@switchyard/protocol";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import {
  freePort,
  type RunningProcess,
  signInHttp,
  startWeb,
  TEST_ADMIN_PASSWORD,
  trpcPost,
  waitForHealthy,
} from "./web-process.ts";

// The real web process (built app + custom server) against a real PostgreSQL database.
describe("web process on PostgreSQL", () => {
  let tdb: TestDatabase;
  let web: RunningProcess;
  let cookie: string;

  beforeAll(async () => {
    tdb = await createPostgresTestDatabase();
    web = startWeb(
      { DATABASE_URL: tdb.location, SWITCHYARD_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD },
      await freePort(),
    );
    await waitForHealthy(web, 60_000);
    cookie = await signInHttp(web.url, "admin", TEST_ADMIN_PASSWORD);
  });
  afterAll(async () => {
    await web?.stop();
    await tdb?.drop();
  });

  it("applies migrations at start-up and /healthz reports the database ok", async () => {
    const res = await fetch(`${web.url}/healthz`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = (await res.json()) as { status: string; database: { driver: string; ok: boolean } };
    expect(body).toMatchObject({ status: "ok", database: { driver: "postgres", ok: true } });
    expect(web.output()).toContain("database ready (PostgreSQL)");
  });

  it("the first page sends a visitor without a session to sign-in", async () => {
    const res = await fetch(web.url, { redirect: "manual" });
    expect([303, 307]).toContain(res.status);
    expect(res.headers.get("location")).toMatch(/\/sign-in\?next=%2F$/);
  });

  it("the first page shows a signed-in admin the hosts the database holds", async () => {
    const page = () => fetch(web.url, { headers: { cookie } });
    const empty = await (await page()).text();
    expect(empty).toContain("No hosts yet");
    const sql = postgres(tdb.location, { max: 1 });
    try {
      await sql`insert into hosts (name, labels, status) values ('web-it-host', '{"env":"staging"}', 'online')`;
    } finally {
      await sql.end();
    }
    const html = await (await page()).text();
    expect(html).toContain("web-it-host");
    expect(html).toContain("env<!-- -->=<!-- -->staging");
    expect(html).not.toContain("No hosts yet");
  });

  it("refuses an agent socket without credentials with close code 4401", async () => {
    const ws = new WebSocket(`${web.url.replace("http", "ws")}/agent`);
    const [code, reason] = await new Promise<[number, string]>((resolve, reject) => {
      ws.once("close", (c, r) => resolve([c, r.toString()]));
      ws.once("error", reject);
    });
    expect(code).toBe(AgentCloseCode.Unauthenticated);
    expect(reason).toMatch(/unauthenticated/);
  });

  it("refuses an agent socket that carries a bearer credential nobody issued", async () => {
    const ws = new WebSocket(`${web.url.replace("http", "ws")}/agent`, {
      headers: { authorization: "Bearer not-a-real-credential" },
    });
    const code = await new Promise<number>((resolve, reject) => {
      ws.once("close", (c) => resolve(c));
      ws.once("error", reject);
    });
    expect(code).toBe(AgentCloseCode.Unauthenticated);
  });

  it("drops WebSocket upgrades on any other path", async () => {
    const ws = new WebSocket(`${web.url.replace("http", "ws")}/elsewhere`);
    const err = await new Promise<Error>((resolve) => ws.once("error", resolve));
    expect(err.message).toMatch(/socket hang up|closed|ECONNRESET/i);
  });

  describe("requests refused before any procedure runs (CSRF, credentials in URLs)", () => {
    const create = (name: string) => ({ username: name, password: "quartz-meadow-lantern-77", grants: [] });
    const users = async () => {
      const res = await fetch(
        `${web.url}/api/trpc/users.list?input=${encodeURIComponent(JSON.stringify({ json: {} }))}`,
        {
          headers: { cookie },
        },
      );
      const body = (await res.json()) as { result: { data: { json: { items: { username: string }[] } } } };
      return body.result.data.json.items.map((u) => u.username);
    };

    it("the same mutation, well-formed, is accepted (control)", async () => {
      const res = await trpcPost(web.url, "users.create", create("control-user"), { cookie });
      expect(res.status).toBe(200);
      expect(await users()).toContain("control-user");
    });

    it.each([
      ["a text/plain body", { "content-type": "text/plain" }],
      ["a form body", { "content-type": "application/x-www-form-urlencoded" }],
      ["a foreign Origin", { origin: "http://evil.example" }],
      ["Origin: null", { origin: "null" }],
    ])("a mutation with %s is refused with 403 and changes nothing", async (_what, headers) => {
      const name = `csrf-${Math.random().toString(36).slice(2, 8)}`;
      const res = await trpcPost(web.url, "users.create", create(name), { cookie, ...headers });
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("REQUEST_REFUSED");
      expect(await users()).not.toContain(name);
    });

    it("a credential in the query string is refused", async () => {
      const res = await fetch(`${web.url}/api/trpc/auth.whoami?token=sy_abc`);
      expect(res.status).toBe(403);
      expect(await res.text()).toMatch(/not accepted in the URL/);
    });
  });
});

describe("web process start-up failures", () => {
  it("exits non-zero with a clear message when migrations fail", async () => {
    const tdb = await createPostgresTestDatabase();
    try {
      // A table that clashes with the first migration, as a foreign schema would.
      const sql = postgres(tdb.location, { max: 1 });
      await sql`create table hosts (something int)`;
      await sql.end();
      const web = startWeb({ DATABASE_URL: tdb.location }, await freePort());
      const code = await web.exited;
      expect(code).toBe(1);
      expect(web.output()).toMatch(/failed to start: database migrations failed \(postgres\)/);
      expect(web.output()).toMatch(/already exists/);
    } finally {
      await tdb.drop();
    }
  });

  it("exits non-zero and names the field when the configuration is invalid", async () => {
    const web = startWeb({ DATABASE_URL: "mysql://nope" }, await freePort());
    expect(await web.exited).toBe(1);
    expect(web.output()).toContain("DATABASE_URL: must be a postgres:// or postgresql:// URL");
  });
});
