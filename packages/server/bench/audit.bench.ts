// Audit log benchmark (not a test): seeds 1,000,000 chained rows into real PostgreSQL, then
// prints p50/p95 for typical filtered first pages and deep keyset pages of the review query,
// verifyChain and export throughput.
//
//   pnpm tsx packages/server/bench/audit.bench.ts
//
// SWITCHYARD_BENCH_PG_URL  database to use (its audit tables must be empty); default: a
//                          throwaway database on the test server, dropped afterwards
// SWITCHYARD_BENCH_ROWS    rows to seed (default 1000000)
// SWITCHYARD_BENCH_RUNS    timed runs per query (default 25)
import { createHash } from "node:crypto";
import type { Writable } from "node:stream";
import { type DbHandle, migrate, openDb } from "@switchyard/db";
import { createPostgresTestDatabase, type TestDatabase } from "@switchyard/db/testing";
import { sql } from "drizzle-orm";
import { computeRowHash, GENESIS_HASH } from "../src/audit/chain.ts";
import { streamAuditEvents } from "../src/audit/export.ts";
import { listAuditEvents, seqBoundsFor } from "../src/audit/query.ts";
import { rowsOf } from "../src/audit/row.ts";
import { type AuditEventFields, type AuditFilter, auditFilterSchema } from "../src/audit/types.ts";
import { verifyChain } from "../src/audit/verify.ts";

const ROWS = Number(process.env.SWITCHYARD_BENCH_ROWS ?? 1_000_000);
const RUNS = Number(process.env.SWITCHYARD_BENCH_RUNS ?? 25);
const YEAR_MS = 365 * 24 * 3600 * 1000;

// --- deterministic data ---------------------------------------------------------------------

/** mulberry32: a small seeded PRNG, so every run seeds the same log. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const uuid = (kind: string, i: number) => {
  const h = createHash("sha256").update(`${kind}:${i}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};
const hostIds = Array.from({ length: 300 }, (_, i) => uuid("host", i));
const users = Array.from({ length: 60 }, (_, i) => ({
  id: uuid("user", i),
  name: `user${String(i).padStart(2, "0")}`,
}));
const tokens = Array.from({ length: 20 }, (_, i) => ({ id: uuid("token", i), name: `ci-token-${i}` }));
const userActions = [
  "auth.sign_in",
  "auth.sign_in",
  "auth.sign_in",
  "auth.sign_out",
  "operations.plan",
  "operations.plan",
  "operations.apply",
  "operations.apply",
  "operations.reconcile",
  "grants.update",
  "users.create",
  "tokens.create",
  "tokens.revoke",
  "policies.update",
  "authz.deny",
  "audit.export",
  "enrollment.create",
];
const agentActions = ["agents.connect", "agents.disconnect", "operations.result", "agents.enroll"];
const errors = [
  "agent timeout after 30s",
  "stale plan: container restarted",
  "iptables: Resource temporarily unavailable",
  "daemon.json rejected by dockerd --validate",
  "veth peer already exists",
];

function generate(rand: () => number, seq: number, time: string): AuditEventFields {
  const r = rand();
  const host = () => hostIds[Math.floor(rand() * hostIds.length)] ?? "";
  let actorType: AuditEventFields["actorType"];
  let actorId: string | null;
  let actorName: string | null;
  let action: string;
  let role: string | null = null;
  if (r < 0.5) {
    const u = users[Math.floor(rand() * users.length)] ?? { id: "", name: "" };
    actorType = "user";
    actorId = u.id;
    actorName = u.name;
    role = rand() < 0.2 ? "admin" : "operator";
    action = userActions[Math.floor(rand() * userActions.length)] ?? "auth.sign_in";
  } else if (r < 0.65) {
    const t = tokens[Math.floor(rand() * tokens.length)] ?? { id: "", name: "" };
    actorType = "token";
    actorId = t.id;
    actorName = t.name;
    role = "operator";
    action = rand() < 0.5 ? "operations.apply" : "operations.plan";
  } else if (r < 0.95) {
    const h = Math.floor(rand() * hostIds.length);
    actorType = "agent";
    actorId = hostIds[h] ?? "";
    actorName = `docker-host-${h}`;
    action = agentActions[Math.floor(rand() * agentActions.length)] ?? "agents.connect";
  } else {
    actorType = "system";
    actorId = null;
    actorName = "reconciler";
    action = "operations.reconcile";
  }
  const o = rand();
  const outcome: AuditEventFields["outcome"] =
    action === "authz.deny"
      ? "denied"
      : o < 0.85
        ? "succeeded"
        : o < 0.91
          ? "failed"
          : o < 0.93
            ? "rolled_back"
            : o < 0.94
              ? "timed_out"
              : o < 0.95
                ? "unknown"
                : o < 0.97
                  ? "pending"
                  : "denied";
  const h = rand();
  const targetHosts =
    actorType === "agent" ? [actorId ?? ""] : h < 0.55 ? [host()] : h < 0.65 ? [host(), host(), host()] : [];
  const isOp = action.startsWith("operations.");
  return {
    seq,
    time,
    actorType,
    actorId,
    actorName,
    role,
    sourceIp:
      actorType === "agent"
        ? null
        : `10.${Math.floor(rand() * 250)}.${Math.floor(rand() * 250)}.${Math.floor(rand() * 250)}`,
    userAgent: actorType === "user" ? "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0" : null,
    action,
    targetHosts,
    targetObjects:
      actorType === "user" && rand() < 0.3 ? [`user:${users[Math.floor(rand() * users.length)]?.id}`] : [],
    requestId: uuid("req", seq),
    operationId: isOp ? uuid("op", Math.floor(seq / 3)) : null,
    params: isOp
      ? {
          kind: "p2p-link",
          bridge: `br-${Math.floor(rand() * 40)}`,
          mtu: 1500,
          cidr: `172.${Math.floor(rand() * 30)}.0.0/16`,
        }
      : { via: actorType },
    decision: action === "authz.deny" ? "deny" : isOp ? "allow" : null,
    outcome,
    error:
      outcome === "failed" || outcome === "rolled_back"
        ? (errors[Math.floor(rand() * errors.length)] ?? null)
        : null,
    beforeDigest: isOp ? createHash("sha256").update(`b${seq}`).digest("hex") : null,
    afterDigest:
      isOp && outcome === "succeeded" ? createHash("sha256").update(`a${seq}`).digest("hex") : null,
  };
}

// --- COPY text format -----------------------------------------------------------------------

const copyColumns =
  "seq, time, actor_type, actor_id, actor_name, role, source_ip, user_agent, action, target_hosts, target_objects, request_id, operation_id, params, decision, outcome, error, before_digest, after_digest, prev_hash, row_hash";

interface CopyClient {
  unsafe(query: string): { writable(): Promise<Writable> };
}

function copyText(v: string | null): string {
  if (v === null) return "\\N";
  return v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/\r/g, "\\r").replace(/\t/g, "\\t");
}
function pgArray(items: string[]): string {
  return `{${items.map((s) => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`).join(",")}}`;
}
function copyLine(f: AuditEventFields, prevHash: string, rowHash: string): string {
  return `${[
    String(f.seq),
    f.time,
    f.actorType,
    f.actorId,
    f.actorName,
    f.role,
    f.sourceIp,
    f.userAgent,
    f.action,
    pgArray(f.targetHosts),
    pgArray(f.targetObjects),
    f.requestId,
    f.operationId,
    JSON.stringify(f.params),
    f.decision,
    f.outcome,
    f.error,
    f.beforeDigest,
    f.afterDigest,
    prevHash,
    rowHash,
  ]
    .map(copyText)
    .join("\t")}\n`;
}

// --- seeding ----------------------------------------------------------------------------------

async function seed(handle: DbHandle): Promise<{ seconds: number; hashSeconds: number }> {
  const db = handle.db;
  const started = performance.now();
  // Bulk load: drop the secondary indexes, COPY, then rebuild them from their own definitions
  // (faster than maintaining nine indexes row by row; the table ends up exactly as migrated).
  const indexes = rowsOf<{ name: string; def: string }>(
    await db.execute(sql`select indexname as name, indexdef as def from pg_indexes
      where tablename = 'audit_events' and indexname <> 'audit_events_pkey'`),
  );
  for (const i of indexes) await db.execute(sql.raw(`drop index "${i.name}"`));

  // openDb built this Db with drizzle's postgres.js driver, which keeps the client as $client;
  // Db's type does not show it, hence the narrow cast to the one method COPY needs.
  const client = Reflect.get(db, "$client") as CopyClient;
  const stream = await client.unsafe(`copy audit_events (${copyColumns}) from stdin`).writable();
  const rand = prng(42);
  const t0 = Date.now() - YEAR_MS;
  const step = YEAR_MS / ROWS;
  let prev = GENESIS_HASH;
  let hashMs = 0;
  let chunk = "";
  for (let seq = 1; seq <= ROWS; seq++) {
    const time = new Date(t0 + seq * step)
      .toISOString()
      .replace("Z", `${String(seq % 1000).padStart(3, "0")}Z`);
    const f = generate(rand, seq, time);
    const h0 = performance.now();
    const rowHash = computeRowHash(prev, f);
    hashMs += performance.now() - h0;
    chunk += copyLine(f, prev, rowHash);
    prev = rowHash;
    if (seq % 2000 === 0 || seq === ROWS) {
      if (!stream.write(chunk)) await new Promise((resolve) => stream.once("drain", resolve));
      chunk = "";
    }
    if (seq % 200_000 === 0) log(`  copied ${seq.toLocaleString("en")} rows`);
  }
  await new Promise<void>((resolve, reject) => {
    stream.once("finish", resolve);
    stream.once("error", reject);
    stream.end();
  });
  log(`  COPY done in ${sec(started)} s; rebuilding ${indexes.length} indexes`);
  await db.execute(sql`set maintenance_work_mem = '512MB'`);
  for (const i of indexes) await db.execute(sql.raw(i.def));
  await db.execute(sql`vacuum analyze audit_events`);
  return { seconds: (performance.now() - started) / 1000, hashSeconds: hashMs / 1000 };
}

// --- measuring --------------------------------------------------------------------------------

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, i)] ?? Number.NaN;
}

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const out = await fn();
  return [performance.now() - t, out];
}

function log(s: string) {
  process.stdout.write(`${s}\n`);
}
const sec = (since: number) => ((performance.now() - since) / 1000).toFixed(1);

async function main() {
  const given = process.env.SWITCHYARD_BENCH_PG_URL;
  const tdb: TestDatabase | undefined = given ? undefined : await createPostgresTestDatabase();
  const url = given ?? tdb?.location ?? "";
  const handle = await openDb({ driver: "postgres", url, maxConnections: 4 });
  try {
    await migrate(handle);
    const db = handle.db;
    const [existing] = rowsOf<{ n: number }>(
      await db.execute(sql`select count(*)::int as n from audit_events`),
    );
    if ((existing?.n ?? 0) > 0) throw new Error("the benchmark database already holds audit rows");

    log(`seeding ${ROWS.toLocaleString("en")} rows…`);
    const seeded = await seed(handle);
    const [size] = rowsOf<{ table: string; indexes: string }>(
      await db.execute(sql`select pg_size_pretty(pg_table_size('audit_events')) as table,
        pg_size_pretty(pg_indexes_size('audit_events')) as indexes`),
    );
    log(
      `seeded in ${seeded.seconds.toFixed(1)} s (hashing ${seeded.hashSeconds.toFixed(1)} s); table ${size?.table}, indexes ${size?.indexes}`,
    );

    const [v, verified] = await time(() => verifyChain(db, { batchSize: 5000 }));
    log(
      `verifyChain: ${JSON.stringify(verified).slice(0, 80)}… in ${(v / 1000).toFixed(1)} s (${Math.round(ROWS / (v / 1000)).toLocaleString("en")} rows/s)`,
    );

    const now = Date.now();
    const day = 24 * 3600 * 1000;
    const someUser = users[7] ?? { id: "", name: "" };
    const someHost = hostIds[42] ?? "";
    const filters: [string, AuditFilter][] = [
      ["no filter", {}],
      ["actor id (user)", { actor: someUser.id }],
      ["actor name (token)", { actor: "ci-token-3" }],
      ["action exact operations.apply", { action: "operations.apply" }],
      ["action prefix auth.*", { action: "auth.*" }],
      ["action rare users.create", { action: "users.create" }],
      ["host", { hostId: someHost }],
      ["outcome failed", { outcome: "failed" }],
      ["outcomes timed_out|unknown", { outcome: ["timed_out", "unknown"] }],
      ["last 24 h", { from: new Date(now - day) }],
      ["one week, 6 months ago", { from: new Date(now - 180 * day), to: new Date(now - 173 * day) }],
      [
        "actor + 30 days, 3 months ago",
        { actor: someUser.name, from: new Date(now - 90 * day), to: new Date(now - 60 * day) },
      ],
      ["host + outcome failed", { hostId: someHost, outcome: "failed" }],
      ["text 'timeout'", { text: "timeout" }],
      ["text 'br-17' + action prefix", { text: "br-17", action: "operations.*" }],
    ];

    log(`\nreview query, limit 50, ${RUNS} runs each (ms)`);
    log(
      `${"filter".padEnd(34)} ${"first p50".padStart(9)} ${"first p95".padStart(9)} ${"deep p50".padStart(9)} ${"deep p95".padStart(9)}  rows`,
    );
    const rand = prng(7);
    const allP95: number[] = [];
    for (const [name, filter] of filters) {
      await listAuditEvents(db, filter, { limit: 50 }); // warm-up
      const first: number[] = [];
      let rows = 0;
      for (let i = 0; i < RUNS; i++) {
        const [ms, page] = await time(() => listAuditEvents(db, filter, { limit: 50 }));
        first.push(ms);
        rows = page.rows.length;
      }
      const bounds = await seqBoundsFor(db, auditFilterSchema.parse(filter));
      const lo = bounds.empty ? 1 : (bounds.lo ?? 1);
      const hi = bounds.empty ? 1 : (bounds.hi ?? ROWS);
      const deep: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const cursor = Math.max(2, Math.floor(lo + rand() * (hi - lo + 1)));
        const [ms] = await time(() => listAuditEvents(db, filter, { cursor, limit: 50 }));
        deep.push(ms);
      }
      first.sort((a, b) => a - b);
      deep.sort((a, b) => a - b);
      allP95.push(percentile(first, 95), percentile(deep, 95));
      log(
        `${name.padEnd(34)} ${percentile(first, 50).toFixed(1).padStart(9)} ${percentile(first, 95).toFixed(1).padStart(9)} ${percentile(deep, 50).toFixed(1).padStart(9)} ${percentile(deep, 95).toFixed(1).padStart(9)}  ${rows}`,
      );
    }
    log(`worst p95: ${Math.max(...allP95).toFixed(1)} ms (target < 100 ms)`);

    log("\nexport throughput");
    for (const [name, filter, format] of [
      ["all rows, NDJSON", {}, "ndjson"],
      ["all rows, CSV", {}, "csv"],
      ["outcome failed, CSV", { outcome: "failed" }, "csv"],
    ] as const) {
      const t = performance.now();
      let bytes = 0;
      let lines = 0;
      for await (const chunk of streamAuditEvents(db, filter, format)) {
        bytes += Buffer.byteLength(chunk);
        for (let i = chunk.indexOf("\n"); i !== -1; i = chunk.indexOf("\n", i + 1)) lines++;
      }
      const s = (performance.now() - t) / 1000;
      const rows = format === "csv" ? lines - 1 : lines;
      log(
        `${name.padEnd(22)} ${rows.toLocaleString("en").padStart(9)} rows in ${s.toFixed(1)} s = ${Math.round(rows / s).toLocaleString("en")} rows/s, ${(bytes / s / 1e6).toFixed(1)} MB/s, rss ${Math.round(process.memoryUsage().rss / 1e6)} MB`,
      );
    }
  } finally {
    await handle.close();
    await tdb?.drop();
  }
}

await main();
