import { createPostgresTestDatabase, type TestDatabase } from "@switchyard/db/testing";
import { snapshotHash } from "@switchyard/netops";
import { AgentCloseCode, type HostSnapshot, PROTOCOL_VERSION } from "@switchyard/protocol";
import { GATEWAY_AUDIT_ACTIONS } from "@switchyard/server";
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

// The /agent gateway and enrollment, over real HTTP and WebSocket, on real PostgreSQL.

function minimalSnapshot(hostName: string, kernel: string): HostSnapshot {
  const no = { available: false as const, reason: "not collected in this test" };
  return {
    schemaVersion: 1,
    host: {
      hostName,
      machineId: no,
      kernel: { available: true, value: kernel },
      os: no,
      agentVersion: "0.0.0-test",
      ipForward: { available: true, value: true },
      bridgeNfCallIptables: no,
      collectedAt: new Date().toISOString(),
    },
    namespaces: no,
    bridges: no,
    iptables: no,
    nftables: no,
    docker: no,
    links: no,
  };
}

interface Agent {
  ws: WebSocket;
  messages: Record<string, unknown>[];
  closed: Promise<[number, string]>;
  next(type: string): Promise<Record<string, unknown>>;
}

function connect(url: string, credential: string | null, path = "/agent"): Promise<Agent> {
  const headers: Record<string, string> = credential ? { authorization: `Bearer ${credential}` } : {};
  const ws = new WebSocket(`${url.replace("http", "ws")}${path}`, { headers });
  const messages: Record<string, unknown>[] = [];
  const waiters: { type: string; resolve: (m: Record<string, unknown>) => void }[] = [];
  ws.on("message", (data) => {
    const m = JSON.parse(data.toString()) as Record<string, unknown>;
    messages.push(m);
    const i = waiters.findIndex((w) => w.type === m.type);
    if (i >= 0) waiters.splice(i, 1)[0]?.resolve(m);
  });
  const closed = new Promise<[number, string]>((resolve) =>
    ws.once("close", (c, r) => resolve([c, r.toString()])),
  );
  return new Promise((resolve, reject) => {
    ws.once("open", () =>
      resolve({
        ws,
        messages,
        closed,
        next: (type) =>
          new Promise((res, rej) => {
            const seen = messages.find((m) => m.type === type);
            if (seen) {
              messages.splice(messages.indexOf(seen), 1);
              res(seen);
              return;
            }
            waiters.push({ type, resolve: res });
            setTimeout(() => rej(new Error(`no ${type} within 10 s`)), 10_000);
          }),
      }),
    );
    ws.once("error", reject);
  });
}

const hello = (hostName: string) => ({
  type: "hello",
  protocolVersion: PROTOCOL_VERSION,
  agentVersion: "0.0.0-test",
  bootId: "boot-1",
  hostName,
  labels: { env: "staging" },
  inFlightCommandIds: [],
});

describe("agent gateway", () => {
  let tdb: TestDatabase;
  let web: RunningProcess;
  let cookie: string;
  let sql: postgres.Sql;

  async function enrollmentToken(opts: { maxUses?: number; ttlSeconds?: number } = {}): Promise<string> {
    const res = await trpcPost(
      web.url,
      "agents.createEnrollmentToken",
      {
        name: "test",
        ttlSeconds: opts.ttlSeconds ?? 600,
        maxUses: opts.maxUses ?? 1,
        labels: { site: "lab" },
      },
      { cookie },
    );
    expect(res.status).toBe(200);
    return ((await res.json()) as { result: { data: { json: { token: string } } } }).result.data.json.token;
  }

  async function enroll(token: string, hostName: string) {
    return fetch(`${web.url}/api/agent/enroll`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        protocolVersion: PROTOCOL_VERSION,
        enrollmentToken: token,
        hostName,
        agentVersion: "0.0.0-test",
        machineId: null,
        labels: {},
      }),
    });
  }

  async function enrolled(hostName: string) {
    const res = await enroll(await enrollmentToken(), hostName);
    expect(res.status).toBe(200);
    return (await res.json()) as { hostId: string; agentId: string; credential: string };
  }

  beforeAll(async () => {
    tdb = await createPostgresTestDatabase();
    web = startWeb(
      { DATABASE_URL: tdb.location, SWITCHYARD_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD },
      await freePort(),
    );
    await waitForHealthy(web, 60_000);
    cookie = await signInHttp(web.url, "admin", TEST_ADMIN_PASSWORD);
    sql = postgres(tdb.location, { max: 2 });
  });
  afterAll(async () => {
    await sql?.end();
    await web?.stop();
    await tdb?.drop();
  });

  it("enrolls with a token once; a used token gets the one refusal answer", async () => {
    const token = await enrollmentToken();
    const first = await enroll(token, "gw-host-1");
    expect(first.status).toBe(200);
    const body = (await first.json()) as { credential: string; hostId: string };
    expect(body.credential).toMatch(/^syag_/);
    const again = await enroll(token, "gw-host-1b");
    expect(again.status).toBe(403);
    expect(await again.json()).toEqual({
      error: "enrollment_refused",
      message: "enrollment refused: the token is invalid, expired or used up",
    });
    const [host] = await sql`select labels from hosts where id = ${body.hostId}`;
    expect(host?.labels).toEqual({ site: "lab" });
    const [stored] = await sql`select credential_hash from agents where host_id = ${body.hostId}`;
    expect(String(stored?.credential_hash)).not.toContain(body.credential);
  });

  it("refuses an expired token the same way", async () => {
    const token = await enrollmentToken();
    await sql`update enrollment_tokens set expires_at = now() - interval '1 second'`;
    const res = await enroll(token, "gw-expired");
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: string }).error).toBe("enrollment_refused");
  });

  it("hello gets welcome; a snapshot is stored for the credential's host with summary and timeline", async () => {
    const a = await enrolled("gw-host-2");
    const agent = await connect(web.url, a.credential);
    agent.ws.send(JSON.stringify(hello("gw-host-2")));
    const welcome = await agent.next("welcome");
    expect(welcome).toMatchObject({ hostId: a.hostId, protocolVersion: PROTOCOL_VERSION });
    const snap = minimalSnapshot("gw-host-2", "6.1.0-test");
    agent.ws.send(JSON.stringify({ type: "snapshot", hash: snapshotHash(snap), snapshot: snap }));
    await expect
      .poll(async () => (await sql`select hash from host_snapshots where host_id = ${a.hostId}`).length)
      .toBe(1);
    const [host] = await sql`select status, agent_version, labels from hosts where id = ${a.hostId}`;
    expect(host).toMatchObject({ status: "online", agent_version: "0.0.0-test", labels: { env: "staging" } });
    const events = await sql`select kind from host_events where host_id = ${a.hostId} order by id`;
    expect(events.map((e) => e.kind)).toEqual(["connected", "snapshot_changed"]);
    agent.ws.close();
    await agent.closed;
    await expect
      .poll(async () => (await sql`select status from hosts where id = ${a.hostId}`)[0]?.status)
      .toBe("offline");
  });

  it("agent A's credential reports only for host A, whatever the message says", async () => {
    const a = await enrolled("gw-host-a");
    const b = await enrolled("gw-host-b");
    const agent = await connect(web.url, a.credential);
    agent.ws.send(JSON.stringify(hello("gw-host-b")));
    expect(await agent.next("welcome")).toMatchObject({ hostId: a.hostId });
    const snap = minimalSnapshot("gw-host-b", "pretending-to-be-b");
    agent.ws.send(JSON.stringify({ type: "snapshot", hash: snapshotHash(snap), snapshot: snap }));
    await expect
      .poll(async () => (await sql`select 1 from host_snapshots where host_id = ${a.hostId}`).length)
      .toBe(1);
    expect(await sql`select 1 from host_snapshots where host_id = ${b.hostId}`).toHaveLength(0);
    agent.ws.close();
  });

  it("a revoked agent is disconnected at once and cannot reconnect", async () => {
    const a = await enrolled("gw-host-revoke");
    const agent = await connect(web.url, a.credential);
    agent.ws.send(JSON.stringify(hello("gw-host-revoke")));
    await agent.next("welcome");
    const res = await trpcPost(web.url, "agents.revoke", { agentId: a.agentId }, { cookie });
    expect(res.status).toBe(200);
    expect((await agent.closed)[0]).toBe(AgentCloseCode.Revoked);
    const again = await connect(web.url, a.credential);
    expect((await again.closed)[0]).toBe(AgentCloseCode.Unauthenticated);
  });

  it("every gateway event type is audited with actor, action, target and outcome", async () => {
    const a = await enrolled("gw-host-audit");
    const agent = await connect(web.url, a.credential);
    agent.ws.send(JSON.stringify(hello("gw-host-audit")));
    await agent.next("welcome");
    agent.ws.close();
    await agent.closed;
    const refused = await connect(web.url, "syag_not-a-real-credential-at-all");
    await refused.closed;
    for (const action of GATEWAY_AUDIT_ACTIONS) {
      await expect
        .poll(async () => {
          const rows = await sql`select actor_type, actor_id, target_hosts, outcome from audit_events
            where action = ${action} and actor_id = ${a.agentId}`;
          return rows[0] ?? null;
        })
        .toMatchObject({
          actor_type: "agent",
          actor_id: a.agentId,
          target_hosts: [a.hostId],
          outcome: "succeeded",
        });
    }
    const [denied] = await sql`select actor_type, outcome, decision from audit_events
      where action = 'agents.connect' and outcome = 'failed' order by seq desc limit 1`;
    expect(denied).toMatchObject({ actor_type: "agent", outcome: "failed", decision: "deny" });
    // Enrollment itself is audited too (the gateway's HTTP half).
    const [enroll] = await sql`select outcome, target_objects from audit_events
      where action = 'agents.enroll' and outcome = 'succeeded' and ${"host:gw-host-audit"} = any(target_objects)`;
    expect(enroll).toBeDefined();
  });

  it("a credential in the query string is refused", async () => {
    const a = await enrolled("gw-host-query");
    const agent = await connect(web.url, null, `/agent?credential=${a.credential}`);
    expect((await agent.closed)[0]).toBe(AgentCloseCode.Unauthenticated);
  });

  it("10,000 malformed, oversized and unknown-type frames crash nothing and store nothing", async () => {
    const a = await enrolled("gw-host-fuzz");
    const before =
      await sql`select (select count(*) from host_snapshots)::int as s, (select count(*) from host_events)::int as e`;
    let sent = 0;
    let agent = await connect(web.url, a.credential);
    agent.ws.send(JSON.stringify(hello("gw-host-fuzz")));
    await agent.next("welcome");
    const bad = [
      "{not json",
      JSON.stringify({ type: "no_such_type" }),
      JSON.stringify({ type: "snapshot", hash: "0".repeat(64), snapshot: { schemaVersion: 1 } }),
      JSON.stringify({ type: "snapshot_delta", baseHash: "x", hash: "y", sections: {} }),
      "\u0000\u0001\u0002",
      JSON.stringify([1, 2, 3]),
      JSON.stringify({ type: "hello" }),
    ];
    while (sent < 10_000) {
      if (agent.ws.readyState !== WebSocket.OPEN) {
        // The gateway closes a socket that keeps sending garbage; the agent reconnects.
        agent = await connect(web.url, a.credential);
        agent.ws.send(JSON.stringify(hello("gw-host-fuzz")));
        await agent.next("welcome");
      }
      agent.ws.send(bad[sent % bad.length] ?? "");
      sent++;
      if (sent % 50 === 0) await new Promise((r) => setTimeout(r, 5));
    }
    // One oversized frame (over the 4 MiB limit) closes the socket.
    const big = await connect(web.url, a.credential);
    big.ws.send("x".repeat(4 * 1024 * 1024 + 10));
    // 1009 (message too big), or 1006 when the server drops the socket mid-send.
    expect([1006, 1009]).toContain((await big.closed)[0]);
    agent.ws.close();
    // Still alive and well.
    expect((await fetch(`${web.url}/healthz`)).status).toBe(200);
    const after =
      await sql`select (select count(*) from host_snapshots)::int as s, (select count(*) from host_events where kind = 'snapshot_changed')::int as e`;
    expect(after[0]?.s).toBe(before[0]?.s);
    expect(await sql`select 1 from host_snapshots where host_id = ${a.hostId}`).toHaveLength(0);
  });
});
