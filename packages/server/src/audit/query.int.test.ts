import { auditEvents } from "@switchyard/db";
import { asc } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditExportColumns, streamAuditEvents } from "./export.ts";
import { listAuditEvents } from "./query.ts";
import { auditEventColumns } from "./row.ts";
import { drivers, dropTemplates, type MigratedDb, openMigrated, seed } from "./test-support.ts";
import type { AuditEvent, AuditEventInput, AuditFilter, AuditOutcome } from "./types.ts";

const actors = [
  { actorType: "user", actorId: "u-ada", actorName: "ada" },
  { actorType: "user", actorId: "u-bob", actorName: "bob" },
  { actorType: "token", actorId: "tok-ci", actorName: "ci deploy" },
  { actorType: "agent", actorId: "h-3", actorName: "edge-3" },
] as const;
const actions = [
  "auth.sign_in",
  "auth.sign_out",
  "grants.update",
  "operations.apply",
  "authz.deny",
  "audit_x.read",
];
const outcomes: AuditOutcome[] = ["succeeded", "succeeded", "failed", "denied", "timed_out"];

function make(i: number): AuditEventInput {
  const actor = actors[i % actors.length] ?? actors[0];
  const outcome = outcomes[i % outcomes.length] ?? "succeeded";
  return {
    ...actor,
    action: actions[(i * 7) % actions.length] ?? "auth.sign_in",
    targetHosts: i % 3 === 0 ? ["h-1"] : i % 3 === 1 ? ["h-2", "h-1"] : [],
    targetObjects: [`user:u${i % 5}`],
    params: { i, note: i % 10 === 0 ? "Bridge MTU 50% of_plan" : "routine" },
    outcome,
    error: outcome === "failed" ? (i % 2 ? "agent timeout after 30s" : "permission denied") : null,
  };
}

/** `2026-…T…​.123Z` → `2026-…T….123000Z`, comparable with stored times as strings. */
const micro = (d: Date) => d.toISOString().replace("Z", "000Z");

function matches(r: AuditEvent, f: AuditFilter): boolean {
  const from = f.from === undefined ? undefined : micro(new Date(f.from));
  const to = f.to === undefined ? undefined : micro(new Date(f.to));
  if (from !== undefined && r.time < from) return false;
  if (to !== undefined && r.time >= to) return false;
  if (f.actor !== undefined && r.actorId !== f.actor && r.actorName !== f.actor) return false;
  if (f.action !== undefined) {
    if (f.action.endsWith("*") ? !r.action.startsWith(f.action.slice(0, -1)) : r.action !== f.action)
      return false;
  }
  if (f.hostId !== undefined && !r.targetHosts.includes(f.hostId)) return false;
  if (f.outcome !== undefined && ![f.outcome].flat().includes(r.outcome)) return false;
  if (f.text !== undefined) {
    const t = f.text.toLowerCase();
    const hay = [r.action, r.actorName ?? "", r.error ?? "", JSON.stringify(r.params)].map((s) =>
      s.toLowerCase(),
    );
    if (!hay.some((s) => s.includes(t))) return false;
  }
  return true;
}

describe.each(drivers)("audit review queries on %s", (driver) => {
  let m: MigratedDb;
  let all: AuditEvent[]; // newest first
  const N = 150;

  beforeAll(async () => {
    m = await openMigrated(driver);
    await seed(m.db, N, make);
    all = (await m.db.select(auditEventColumns).from(auditEvents).orderBy(asc(auditEvents.seq))).reverse();
  });
  afterAll(async () => {
    await m?.close();
    await dropTemplates();
  });

  async function pageThrough(filter: AuditFilter, limit: number, textScanWindow?: number) {
    const seen: AuditEvent[] = [];
    let cursor: number | undefined;
    for (let pages = 0; pages < 1000; pages++) {
      const page = await listAuditEvents(m.db, filter, { cursor, limit }, { textScanWindow });
      expect(page.rows.length).toBeLessThanOrEqual(limit);
      seen.push(...page.rows);
      if (page.nextCursor === null) return seen;
      cursor = page.nextCursor;
    }
    throw new Error("pagination did not end");
  }

  const filters = (): [string, AuditFilter][] => {
    const t = (i: number) => new Date(all[all.length - 1 - i]?.time ?? 0);
    return [
      ["no filter", {}],
      ["actor by id", { actor: "u-bob" }],
      ["actor by name", { actor: "ci deploy" }],
      ["exact action", { action: "grants.update" }],
      ["action prefix", { action: "auth.*" }],
      ["prefix with a LIKE wildcard char stays literal", { action: "audit_*" }],
      ["host", { hostId: "h-2" }],
      ["one outcome", { outcome: "failed" }],
      ["several outcomes", { outcome: ["denied", "timed_out"] }],
      ["time range", { from: t(40), to: t(90) }],
      ["time from only", { from: t(120) }],
      ["time range with actor and host", { from: t(10), to: t(130), actor: "ada", hostId: "h-1" }],
      ["text in error", { text: "TIMEOUT" }],
      ["text with % and _ taken literally", { text: "50% of_" }],
      ["text in actor name plus outcome", { text: "deploy", outcome: "succeeded" }],
      ["nothing matches", { actor: "nobody" }],
      ["empty time range", { from: t(50), to: t(50) }],
    ];
  };

  it("every filter pages through exactly the matching rows, newest first, without gaps or repeats", async () => {
    for (const [name, filter] of filters()) {
      const expected = all.filter((r) => matches(r, filter)).map((r) => r.seq);
      if (!/^(nothing|empty)/.test(name)) expect(expected.length, name).toBeGreaterThan(0);
      const got = (await pageThrough(filter, 7)).map((r) => r.seq);
      expect(got, name).toEqual(expected);
    }
  });

  it("free text searched in small windows still finds every match across pages", async () => {
    for (const filter of [
      { text: "timeout" },
      { text: "50%" },
      { text: "EDGE", actor: "h-3" },
    ] as AuditFilter[]) {
      const expected = all.filter((r) => matches(r, filter)).map((r) => r.seq);
      expect(expected.length).toBeGreaterThan(0);
      const got = (await pageThrough(filter, 4, 9)).map((r) => r.seq);
      expect(got).toEqual(expected);
    }
  });

  it("returns full rows with their chain fields, and stops with nextCursor null", async () => {
    const page = await listAuditEvents(m.db, {}, { limit: 3 });
    expect(page.rows).toEqual(all.slice(0, 3));
    expect(page.nextCursor).toBe(all[2]?.seq);
    const last = await listAuditEvents(m.db, {}, { cursor: 3, limit: 200 });
    expect(last.rows.map((r) => r.seq)).toEqual([2, 1]);
    expect(last.nextCursor).toBeNull();
  });

  it("refuses a page over 200 rows", async () => {
    await expect(listAuditEvents(m.db, {}, { limit: 201 })).rejects.toThrow();
  });

  it("NDJSON export of a filtered view equals the view, in batches, with no cap", async () => {
    for (const filter of [{}, { outcome: "failed" }, { text: "routine", hostId: "h-1" }] as AuditFilter[]) {
      const expected = all.filter((r) => matches(r, filter));
      let text = "";
      let chunks = 0;
      for await (const chunk of streamAuditEvents(m.db, filter, "ndjson", {
        batchSize: 10,
        textScanWindow: 25,
      })) {
        text += chunk;
        chunks++;
      }
      const rows = text
        .split("\n")
        .filter((l) => l !== "")
        .map((l) => JSON.parse(l) as AuditEvent);
      expect(rows).toEqual(expected);
      expect(chunks).toBeGreaterThanOrEqual(Math.ceil(expected.length / 10));
    }
  });

  it("CSV export has a header and one record per row of the view, same order and values", async () => {
    const filter: AuditFilter = { action: "auth.*" };
    const expected = all.filter((r) => matches(r, filter));
    let text = "";
    for await (const chunk of streamAuditEvents(m.db, filter, "csv", { batchSize: 8 })) text += chunk;
    const lines = text.split("\n").filter((l) => l !== "");
    expect(lines[0]).toBe(auditExportColumns.join(","));
    expect(lines).toHaveLength(expected.length + 1);
    // Seeded values hold no quotes, commas or newlines except params/targets (JSON): check seq and action.
    const seqIdx = auditExportColumns.indexOf("seq");
    const actionIdx = auditExportColumns.indexOf("action");
    const firstCells = lines.slice(1).map((l) => l.split(","));
    expect(firstCells.map((c) => Number(c[seqIdx]))).toEqual(expected.map((r) => r.seq));
    expect(firstCells.map((c) => c[actionIdx])).toEqual(expected.map((r) => r.action));
  });

  it("an export of nothing is just the CSV header", async () => {
    let text = "";
    for await (const chunk of streamAuditEvents(m.db, { actor: "nobody" }, "csv")) text += chunk;
    expect(text).toBe(`${auditExportColumns.join(",")}\n`);
  });
});
