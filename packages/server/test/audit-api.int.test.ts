// The audit log over the API on real PostgreSQL: the `audit` router (list, get, verify, head)
// and the streamed export endpoint, through real sign-in and principal resolution.
import { auditEvents } from "@switchyard/db";
import { TRPCError } from "@trpc/server";
import { and, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleAuditExport } from "../src/api/audit-export.ts";
import { tamperAsSuperuser } from "../src/audit/test-support.ts";
import {
  addHost,
  addUser,
  auditCount,
  bearer,
  browserHeaders,
  callerWith,
  PUBLIC_URL,
  signedIn,
  startTestServer,
  type TestServer,
} from "./support.ts";

type Caller = Awaited<ReturnType<typeof callerWith>>["caller"];

async function trpcError(p: Promise<unknown>): Promise<TRPCError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof TRPCError) return err;
    throw err;
  }
  throw new Error("expected the call to fail");
}

function exportRequest(body: unknown, headers: Headers, url = `${PUBLIC_URL}/api/audit/export`): Request {
  const h = new Headers(headers);
  if (!h.has("content-type")) h.set("content-type", "application/json");
  return new Request(url, {
    method: "POST",
    headers: h,
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

describe("audit API", () => {
  let s: TestServer;
  let auditorHeaders: Headers;
  let auditor: Caller;
  let scoped: Caller;
  let stg: string;
  let prod: string;

  beforeAll(async () => {
    s = await startTestServer();
    await addUser(s.deps, "api-admin", [{ role: "admin", selector: null }]);
    await addUser(s.deps, "api-auditor", [{ role: "viewer", selector: null }]);
    await addUser(s.deps, "api-scoped", [{ role: "operator", selector: "env=staging" }]);
    stg = await addHost(s.deps, "api-stg", { env: "staging" });
    prod = await addHost(s.deps, "api-prod", { env: "production" });
    const admin = (await callerWith(s.deps, await signedIn(s.deps, "api-admin"))).caller;
    auditorHeaders = await signedIn(s.deps, "api-auditor");
    auditor = (await callerWith(s.deps, auditorHeaders)).caller;
    scoped = (await callerWith(s.deps, await signedIn(s.deps, "api-scoped"))).caller;
    // Two hosts, each with successes and denials.
    await admin.hosts.setLabels({ hostId: stg, labels: { env: "staging", n: "1" } });
    await admin.hosts.setLabels({ hostId: stg, labels: { env: "staging", n: "2" } });
    await admin.hosts.setLabels({ hostId: prod, labels: { env: "production", n: "1" } });
    for (const hostId of [stg, prod]) {
      await trpcError(scoped.hosts.setLabels({ hostId, labels: { env: "staging" } }));
    }
  });
  afterAll(async () => {
    await s?.close();
  });

  describe("audit.list / audit.get", () => {
    it("filters by host name or id and by outcomes; rows are newest first", async () => {
      const byName = await auditor.audit.list({ filter: { host: "api-stg" } });
      const byId = await auditor.audit.list({ filter: { host: stg } });
      expect(byName).toEqual(byId);
      expect(byName.rows.map((r) => [r.action, r.outcome])).toEqual([
        ["authz.deny", "denied"],
        ["hosts.set_labels", "succeeded"],
        ["hosts.set_labels", "succeeded"],
      ]);
      const seqs = byName.rows.map((r) => r.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => b - a));

      const denied = await auditor.audit.list({ filter: { host: "api-prod", outcome: ["denied"] } });
      expect(denied.rows).toHaveLength(1);
      expect(denied.rows[0]).toMatchObject({
        actorName: "api-scoped",
        decision: "deny",
        targetHosts: [prod],
        params: { action: "hosts.label" },
      });
    });

    it("pages with the keyset cursor until nextCursor is null, without gaps or repeats", async () => {
      const all = await auditor.audit.list({ limit: 200 });
      const seen: number[] = [];
      let cursor: number | null = null;
      do {
        const page: Awaited<ReturnType<typeof auditor.audit.list>> = await auditor.audit.list({
          cursor,
          limit: 3,
        });
        expect(page.rows.length).toBeLessThanOrEqual(3);
        seen.push(...page.rows.map((r) => r.seq));
        cursor = page.nextCursor;
      } while (cursor !== null);
      expect(seen).toEqual(all.rows.map((r) => r.seq));
    });

    it("names the field at fault: an unknown host name, a page over 200 rows, a bad outcome", async () => {
      const unknown = await trpcError(auditor.audit.list({ filter: { host: "no-such-host" } }));
      expect(unknown.code).toBe("NOT_FOUND");
      expect(unknown.message).toMatch(/no host named "no-such-host"/);
      expect((await trpcError(auditor.audit.list({ limit: 201 }))).code).toBe("BAD_REQUEST");
      const badOutcome = await trpcError(
        // @ts-expect-error: an outcome the schema does not know, as a script could send it.
        auditor.audit.list({ filter: { outcome: ["exploded"] } }),
      );
      expect(badOutcome.code).toBe("BAD_REQUEST");
    });

    it("get returns one event with every field; an unknown seq is NOT_FOUND", async () => {
      const [latest] = (await auditor.audit.list({ filter: { action: "hosts.set_labels" }, limit: 1 })).rows;
      if (!latest) throw new Error("no hosts.set_labels event");
      const one = await auditor.audit.get({ seq: latest.seq });
      expect(one).toEqual(latest);
      expect(one).toMatchObject({ params: { labels: { env: "production", n: "1" } }, targetHosts: [prod] });
      expect(Object.keys(one)).toEqual(
        expect.arrayContaining(["requestId", "beforeDigest", "afterDigest", "error", "prevHash", "rowHash"]),
      );
      expect((await trpcError(auditor.audit.get({ seq: 999_999 }))).code).toBe("NOT_FOUND");
    });

    it("a viewer scoped by a selector cannot read the audit log (it needs an unscoped grant); the denial is audited", async () => {
      const denials = await auditCount(s.deps, "authz.deny");
      expect((await trpcError(scoped.audit.list({}))).code).toBe("FORBIDDEN");
      expect(await auditCount(s.deps, "authz.deny")).toBe(denials + 1);
    });
  });

  describe("POST /api/audit/export", () => {
    const filter: { host: string; outcome: ("succeeded" | "denied")[] } = {
      host: "api-stg",
      outcome: ["succeeded", "denied"],
    };

    it("streams the filtered view as CSV, after recording the export itself; the file is the view as it stood", async () => {
      const view = await auditor.audit.list({ filter, limit: 200 });
      const res = await handleAuditExport(exportRequest({ format: "csv", filter }, auditorHeaders), s.deps);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
      expect(res.headers.get("content-disposition")).toMatch(
        /^attachment; filename="switchyard-audit-.+\.csv"$/,
      );
      // Recorded before a byte of the body was read.
      const exportSeq = Number(res.headers.get("x-switchyard-audit-export-seq"));
      const [recorded] = await s.deps.db.select().from(auditEvents).where(eq(auditEvents.seq, exportSeq));
      expect(recorded).toMatchObject({
        action: "audit.export",
        actorName: "api-auditor",
        outcome: "succeeded",
        params: { format: "csv", filter, hostId: stg },
      });

      const lines = (await res.text()).trimEnd().split("\r\n").join("\n").split("\n");
      expect(lines[0]).toMatch(/^seq,time,actorType,/);
      // No cell of these rows holds a comma before the first one or a line break.
      const seqs = lines.slice(1).map((l) => Number(l.slice(0, l.indexOf(","))));
      expect(seqs).toEqual(view.rows.map((r) => r.seq));
      expect(seqs).not.toContain(exportSeq);
    });

    it("NDJSON: one event per line with its hashes, equal to the API's rows", async () => {
      const view = await auditor.audit.list({ filter, limit: 200 });
      const res = await handleAuditExport(
        exportRequest({ format: "ndjson", filter }, auditorHeaders),
        s.deps,
      );
      expect(res.headers.get("content-type")).toBe("application/x-ndjson");
      const rows = (await res.text())
        .trimEnd()
        .split("\n")
        .map((l) => JSON.parse(l) as unknown);
      expect(rows).toEqual(view.rows);
    });

    it("a bearer token without cookie or Origin may export (scripts, the CLI)", async () => {
      const admin = (await callerWith(s.deps, await signedIn(s.deps, "api-admin"))).caller;
      const t = await admin.tokens.create({
        name: "exporter",
        grants: [{ role: "viewer", selector: null }],
        expiresInDays: 1,
      });
      const headers = bearer(t.token);
      headers.delete("origin");
      const res = await handleAuditExport(exportRequest({ format: "ndjson" }, headers), s.deps);
      expect(res.status).toBe(200);
      expect((await res.text()).length).toBeGreaterThan(0);
      const [row] = await s.deps.db
        .select()
        .from(auditEvents)
        .where(eq(auditEvents.seq, Number(res.headers.get("x-switchyard-audit-export-seq"))));
      expect(row).toMatchObject({ action: "audit.export", actorType: "token", actorId: t.id });
    });

    it("a scoped viewer is refused before anything streams; the denial is audited and no export recorded", async () => {
      const headers = await signedIn(s.deps, "api-scoped");
      const exports = await auditCount(s.deps, "audit.export");
      const denials = await auditCount(s.deps, "authz.deny");
      const res = await handleAuditExport(exportRequest({ format: "csv" }, headers), s.deps);
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({
        error: { code: "FORBIDDEN", message: "not allowed: audit.export", field: null },
      });
      expect(await auditCount(s.deps, "audit.export")).toBe(exports);
      expect(await auditCount(s.deps, "authz.deny")).toBe(denials + 1);
      const [deny] = await s.deps.db
        .select({ params: auditEvents.params, outcome: auditEvents.outcome })
        .from(auditEvents)
        .where(and(eq(auditEvents.action, "authz.deny"), eq(auditEvents.actorName, "api-scoped")))
        .orderBy(desc(auditEvents.seq))
        .limit(1);
      expect(deny).toEqual({ params: { action: "audit.export" }, outcome: "denied" });
    });

    it("the request guard refuses text/plain, a foreign Origin, a cookie without Origin and a credential in the URL; no credential is 401; none is audited", async () => {
      const before = await auditCount(s.deps);
      const cookie = auditorHeaders.get("cookie") ?? "";
      const cases: [Request, number][] = [
        [exportRequest({ format: "csv" }, browserHeaders({ cookie, "content-type": "text/plain" })), 403],
        [exportRequest({ format: "csv" }, browserHeaders({ cookie, origin: "http://evil.example" })), 403],
        [exportRequest({ format: "csv" }, new Headers({ cookie, "content-type": "application/json" })), 403],
        [
          exportRequest(
            { format: "csv" },
            browserHeaders({ cookie }),
            `${PUBLIC_URL}/api/audit/export?token=x`,
          ),
          403,
        ],
        [exportRequest({ format: "csv" }, browserHeaders()), 401],
      ];
      for (const [req, status] of cases) {
        const res = await handleAuditExport(req, s.deps);
        expect(res.status, `${req.url} ${[...req.headers.keys()].join(",")}`).toBe(status);
      }
      expect(await auditCount(s.deps)).toBe(before);
    });

    it("names what is wrong with the body: format, an unknown host, not JSON, too large; GET is 405", async () => {
      const call = async (body: unknown) => {
        const res = await handleAuditExport(exportRequest(body, auditorHeaders), s.deps);
        return { status: res.status, body: (await res.json()) as { error: { field: string | null } } };
      };
      expect(await call({ format: "xml" })).toMatchObject({
        status: 400,
        body: { error: { field: "format" } },
      });
      expect(await call({ format: "csv", filter: { host: "nope" } })).toMatchObject({
        status: 404,
        body: { error: { field: "filter.host" } },
      });
      expect((await call("{not json")).status).toBe(400);
      expect((await call({ format: "csv", filter: { text: "x".repeat(20_000) } })).status).toBe(413);
      const get = await handleAuditExport(
        new Request(`${PUBLIC_URL}/api/audit/export`, { headers: auditorHeaders }),
        s.deps,
      );
      expect(get.status).toBe(405);
    });
  });

  describe("audit.head / audit.verify", () => {
    it("head is the last row; verify reaches it, and accepts it back as the known head", async () => {
      const head = await auditor.audit.head();
      const result = await auditor.audit.verify({});
      expect(result).toEqual({ ok: true, verifiedUpTo: expect.any(Number), headHash: expect.any(String) });
      if (!result.ok) return;
      expect(result.verifiedUpTo).toBeGreaterThanOrEqual(head.seq);
      expect(
        await auditor.audit.verify({ knownHead: { seq: head.seq, rowHash: head.rowHash } }),
      ).toMatchObject({
        ok: true,
      });
      expect(
        await auditor.audit.verify({ knownHead: { seq: head.seq, rowHash: "f".repeat(64) } }),
      ).toMatchObject({ ok: false, firstBrokenSeq: head.seq });
    });

    it("a row edited as superuser is named by verify", async () => {
      const [victim] = (await auditor.audit.list({ filter: { host: "api-prod", outcome: "denied" } })).rows;
      if (!victim) throw new Error("no row to tamper with");
      // The test database connection is the server's superuser.
      await tamperAsSuperuser(s.deps.db, victim.seq, `outcome = 'succeeded'`);
      expect(await auditor.audit.verify({})).toEqual({
        ok: false,
        firstBrokenSeq: victim.seq,
        reason: `row_hash of #${victim.seq} does not match its contents`,
      });
    });
  });
});
