import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "../src/api/root.ts";
import type { Permission } from "../src/api/trpc.ts";
import { type Action, actionScopes } from "../src/authz/actions.ts";
import {
  addAgent,
  addHost,
  addUser,
  auditCount,
  callerWith,
  signedIn,
  startTestServer,
  stateDigest,
  type TestServer,
} from "./support.ts";

// What each role may do (DESIGN.md "Roles"), written out independently of the seeded
// role_permissions table so a wrong seed fails here.
const expectedActions: Record<"viewer" | "operator" | "admin", Action[]> = {
  viewer: ["hosts.read", "operations.read", "audit.read", "audit.export", "tokens.manage"],
  operator: [
    "hosts.read",
    "operations.read",
    "operations.plan",
    "operations.apply",
    "operations.reconcile",
    "audit.read",
    "audit.export",
    "tokens.manage",
  ],
  admin: Object.keys(actionScopes) as Action[],
};

type Ctx = { inHost: string; outHost: string; victimId: string; inAgent: string; outAgent: string };
type Call = (c: Awaited<ReturnType<typeof callerWith>>["caller"], host: string, ctx: Ctx) => Promise<unknown>;

/** One sample call per permission-carrying procedure; `host` is in or out of scope. */
const samples: Record<string, Call> = {
  "hosts.list": (c) => c.hosts.list({}),
  "hosts.get": (c, host) => c.hosts.get({ hostId: host }),
  "hosts.latestEvent": (c) => c.hosts.latestEvent({}),
  "agents.createEnrollmentToken": (c) =>
    c.agents.createEnrollmentToken({ name: "matrix", ttlSeconds: 600, maxUses: 1, labels: {} }),
  "agents.listEnrollmentTokens": (c) => c.agents.listEnrollmentTokens({}),
  "agents.revokeEnrollmentToken": (c) =>
    c.agents.revokeEnrollmentToken({ id: "00000000-0000-4000-8000-000000000000" }),
  "agents.list": (c) => c.agents.list({}),
  "agents.revoke": (c, host, x) => c.agents.revoke({ agentId: host === x.inHost ? x.inAgent : x.outAgent }),
  "hosts.setLabels": (c, host) =>
    c.hosts.setLabels({ hostId: host, labels: { env: "staging", touched: "yes" } }),
  "users.list": (c) => c.users.list({}),
  "users.create": (c) =>
    c.users.create({
      username: `u${Date.now()}${Math.random().toString(36).slice(2, 6)}`,
      password: "quartz-meadow-lantern-77",
      grants: [],
    }),
  "users.setDisabled": (c, _h, x) => c.users.setDisabled({ userId: x.victimId, disabled: false }),
  "users.setGrants": (c, _h, x) =>
    c.users.setGrants({ userId: x.victimId, grants: [{ role: "viewer", selector: "env=staging" }] }),
  "users.setPassword": (c, _h, x) =>
    c.users.setPassword({ userId: x.victimId, password: "quartz-meadow-lantern-77" }),
  "tokens.list": (c) => c.tokens.list({}),
  "tokens.listAll": (c) => c.tokens.listAll({}),
  "tokens.create": (c) =>
    c.tokens.create({
      name: "matrix",
      grants: [{ role: "viewer", selector: "env=staging" }],
      expiresInDays: 1,
    }),
  "tokens.createFor": (c, _h, x) =>
    c.tokens.createFor({
      userId: x.victimId,
      name: "matrix",
      grants: [{ role: "viewer", selector: "env=staging" }],
      expiresInDays: 1,
    }),
  "tokens.revoke": (c) => c.tokens.revoke({ tokenId: "no-such-token" }),
  "tokens.revokeAny": (c) => c.tokens.revokeAny({ tokenId: "no-such-token" }),
  "audit.list": (c, host) => c.audit.list({ filter: { host }, limit: 10 }),
  "audit.get": (c) => c.audit.get({ seq: 1 }),
  "audit.verify": (c) => c.audit.verify({}),
  "audit.head": (c) => c.audit.head(),
};

/** Procedures whose input names hosts (the rest are global, own-object, or filtered lists). */
const procedureNamesHost = new Set(["hosts.setLabels", "hosts.get", "agents.revoke"]);

const procedures = Object.entries(
  appRouter._def.procedures as Record<string, { _def: { meta?: { permission?: Permission }; type: string } }>,
);

describe("every tRPC procedure declares a permission", () => {
  it.each(procedures.map(([path, p]) => [path, p._def.meta?.permission] as const))(
    "%s → %s",
    (_path, permission) => {
      expect(permission).toBeDefined();
      expect(
        permission === "public" || permission === "authenticated" || (permission as string) in actionScopes,
      ).toBe(true);
    },
  );

  it("only sign-in is public, and every action-gated procedure has a matrix sample", () => {
    const publicOnes = procedures
      .filter(([, p]) => p._def.meta?.permission === "public")
      .map(([path]) => path);
    expect(publicOnes).toEqual(["auth.signIn"]);
    const gated = procedures
      .filter(([, p]) => !["public", "authenticated"].includes(String(p._def.meta?.permission)))
      .map(([path]) => path)
      .sort();
    expect(gated).toEqual(Object.keys(samples).sort());
  });
});

describe("permission matrix: procedure × role × in-scope / out-of-scope host", () => {
  let s: TestServer;
  const ctx: Ctx = { inHost: "", outHost: "", victimId: "", inAgent: "", outAgent: "" };
  const cookies: Record<string, Headers> = {};

  beforeAll(async () => {
    s = await startTestServer();
    ctx.inHost = await addHost(s.deps, "stg-1", { env: "staging" });
    ctx.outHost = await addHost(s.deps, "prod-1", { env: "production" });
    ctx.inAgent = await addAgent(s.deps, ctx.inHost);
    ctx.outAgent = await addAgent(s.deps, ctx.outHost);
    ctx.victimId = await addUser(s.deps, "victim", [{ role: "viewer", selector: "env=staging" }]);
    for (const role of ["viewer", "operator", "admin"] as const) {
      await addUser(s.deps, `${role}-stg`, [{ role, selector: "env=staging" }]);
      await addUser(s.deps, `${role}-all`, [{ role, selector: null }]);
      cookies[`${role}-stg`] = await signedIn(s.deps, `${role}-stg`);
      cookies[`${role}-all`] = await signedIn(s.deps, `${role}-all`);
    }
  });
  afterAll(async () => {
    await s?.close();
  });

  const cases = [];
  for (const [path, p] of procedures) {
    const permission = p._def.meta?.permission;
    if (!permission || permission === "public" || permission === "authenticated") continue;
    const action = permission as Action;
    for (const role of ["viewer", "operator", "admin"] as const) {
      for (const scoped of [true, false]) {
        for (const target of ["in", "out"] as const) {
          const holds = expectedActions[role].includes(action);
          const kind = actionScopes[action];
          // Global actions need an unscoped grant; "self" actions any grant holding them;
          // host actions a grant whose selector matches every host the call names (lists
          // name none: they are filtered instead).
          const namesHost = procedureNamesHost.has(path);
          const allowed =
            holds &&
            (kind === "global" ? !scoped : kind === "self" || !namesHost || !scoped || target === "in");
          cases.push({ path, action, role, scoped, target, allowed });
        }
      }
    }
  }

  it.each(cases)(
    "$path: $role (scoped $scoped) on the $target-of-scope host → allowed $allowed",
    async ({ path, role, scoped, target, allowed }) => {
      const sample = samples[path];
      if (!sample) throw new Error(`no sample for ${path}`);
      const headers = cookies[`${role}-${scoped ? "stg" : "all"}`];
      if (!headers) throw new Error("missing session");
      const { caller } = await callerWith(s.deps, headers);
      const host = target === "in" ? ctx.inHost : ctx.outHost;
      const before = await stateDigest(s.deps);
      const deniesBefore = await auditCount(s.deps, "authz.deny");
      const auditBefore = await auditCount(s.deps);
      let error: unknown = null;
      try {
        await sample(caller, host, ctx);
      } catch (err) {
        error = err;
      }
      const forbidden = error instanceof TRPCError && error.code === "FORBIDDEN";
      if (allowed) {
        expect(forbidden, `unexpected denial: ${String(error)}`).toBe(false);
      } else {
        expect(forbidden, `expected FORBIDDEN, got ${String(error)}`).toBe(true);
        // A denial writes exactly one audit record and nothing else.
        expect(await stateDigest(s.deps)).toEqual(before);
        expect(await auditCount(s.deps, "authz.deny")).toBe(deniesBefore + 1);
        expect(await auditCount(s.deps)).toBe(auditBefore + 1);
      }
    },
  );
});
