import { createPostgresTestDatabase, type TestDatabase } from "@switchyard/db/testing";
import { AgentCloseCode } from "@switchyard/protocol";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { freePort, type RunningProcess, startWeb, waitForHealthy } from "./web-process.ts";

// The real web process (built app + custom server) against a real PostgreSQL database.
describe("web process on PostgreSQL", () => {
  let tdb: TestDatabase;
  let web: RunningProcess;

  beforeAll(async () => {
    tdb = await createPostgresTestDatabase();
    web = startWeb({ DATABASE_URL: tdb.location }, await freePort());
    await waitForHealthy(web, 60_000);
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

  it("the first page shows the hosts the database holds", async () => {
    const empty = await (await fetch(web.url)).text();
    expect(empty).toContain("No hosts yet");
    const sql = postgres(tdb.location, { max: 1 });
    try {
      await sql`insert into hosts (name, labels, status) values ('web-it-host', '{"env":"staging"}', 'online')`;
    } finally {
      await sql.end();
    }
    const html = await (await fetch(web.url)).text();
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
