// Issue 5 acceptance: every tRPC mutation produces its audit record, with actor, action,
// target and outcome. The first test fails as soon as a mutation is added to appRouter
// without a scenario here — write the scenario together with the mutation.
//
// Gateway events (agent connect / disconnect, enrollment-token use) are not enumerated here
// yet: they arrive with the agent gateway (issue 4), which should export its event types as a
// constant and extend this file the same way.
import { type AuditEventRow, auditEvents } from "@switchyard/db";
import { TRPCError } from "@trpc/server";
import { asc, gt, max } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "../src/api/root.ts";
import { verifyChain } from "../src/audit/verify.ts";
import {
  addAgent,
  addHost,
  addUser,
  bearer,
  browserHeaders,
  callerWith,
  PASSWORD,
  signedIn,
  startTestServer,
  type TestServer,
} from "./support.ts";

const NEW_PASSWORD = "copper-lagoon-whistle-4821";

type Caller = Awaited<ReturnType<typeof callerWith>>["caller"];

interface World {
  s: TestServer;
  adminId: string;
  /** A session caller signed in as `cov-admin` (role admin, all hosts). */
  admin: Caller;
  hostId: string;
  /** A new viewer for the scenario to act on (or as); password PASSWORD. */
  freshUser(prefix: string): Promise<{ id: string; username: string }>;
}

/** What the audit row of one scenario must hold. */
interface Expected {
  action: string;
  actorType: AuditEventRow["actorType"];
  /** Exact actor id (null: none, e.g. a failed sign-in); the actor name is checked too. */
  actorId: string | null;
  actorName: string;
  outcome: AuditEventRow["outcome"];
  targetHosts?: string[];
  /** Objects the row must name (it may name more). */
  targetObjects?: string[];
}

interface Scenario {
  title: string;
  run(w: World): Promise<Expected>;
}

async function rejects(p: Promise<unknown>): Promise<TRPCError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof TRPCError) return err;
    throw err;
  }
  throw new Error("expected the call to fail");
}

/** One or more scenarios per mutation: the action done successfully (and sign-in failing). */
const scenarios: Record<string, Scenario[]> = {
  "auth.signIn": [
    {
      title: "a user signs in",
      run: async (w) => {
        const { caller } = await callerWith(w.s.deps, browserHeaders());
        await caller.auth.signIn({ username: "cov-admin", password: PASSWORD });
        return {
          action: "auth.sign_in",
          actorType: "user",
          actorId: w.adminId,
          actorName: "cov-admin",
          outcome: "succeeded",
          targetObjects: [`user:${w.adminId}`],
        };
      },
    },
    {
      title: "a sign-in with a wrong password fails",
      run: async (w) => {
        const { caller } = await callerWith(w.s.deps, browserHeaders());
        const err = await rejects(caller.auth.signIn({ username: "cov-admin", password: "wrong-wrong-1" }));
        expect(err.code).toBe("UNAUTHORIZED");
        return {
          action: "auth.sign_in",
          actorType: "user",
          actorId: null,
          actorName: "cov-admin",
          outcome: "failed",
          targetObjects: ["user:cov-admin"],
        };
      },
    },
  ],
  "auth.signOut": [
    {
      title: "a user signs out",
      run: async (w) => {
        const { id, username } = await w.freshUser("leaver");
        const { caller } = await callerWith(w.s.deps, await signedIn(w.s.deps, username));
        await caller.auth.signOut();
        return {
          action: "auth.sign_out",
          actorType: "user",
          actorId: id,
          actorName: username,
          outcome: "succeeded",
          targetObjects: [`user:${id}`],
        };
      },
    },
  ],
  "auth.changePassword": [
    {
      title: "a user changes their own password",
      run: async (w) => {
        const { id, username } = await w.freshUser("changer");
        const { caller } = await callerWith(w.s.deps, await signedIn(w.s.deps, username));
        await caller.auth.changePassword({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
        return {
          action: "users.set_password",
          actorType: "user",
          actorId: id,
          actorName: username,
          outcome: "succeeded",
          targetObjects: [`user:${id}`],
        };
      },
    },
  ],
  "users.create": [
    {
      title: "an admin creates a user",
      run: async (w) => {
        const { id } = await w.admin.users.create({
          username: "cov-created",
          password: NEW_PASSWORD,
          grants: [{ role: "viewer", selector: "env=staging" }],
        });
        return adminDid(w, "users.create", { targetObjects: [`user:${id}`] });
      },
    },
  ],
  "users.setDisabled": [
    {
      title: "an admin disables a user",
      run: async (w) => {
        const { id } = await w.freshUser("disabled");
        await w.admin.users.setDisabled({ userId: id, disabled: true });
        return adminDid(w, "users.disable", { targetObjects: [`user:${id}`] });
      },
    },
    {
      title: "an admin enables a user",
      run: async (w) => {
        const { id } = await w.freshUser("enabled");
        await w.admin.users.setDisabled({ userId: id, disabled: false });
        return adminDid(w, "users.enable", { targetObjects: [`user:${id}`] });
      },
    },
  ],
  "users.setGrants": [
    {
      title: "an admin replaces a user's grants",
      run: async (w) => {
        const { id } = await w.freshUser("granted");
        await w.admin.users.setGrants({
          userId: id,
          grants: [{ role: "operator", selector: "env=staging" }],
        });
        return adminDid(w, "grants.update", { targetObjects: [`user:${id}`] });
      },
    },
  ],
  "users.setPassword": [
    {
      title: "an admin sets a user's password",
      run: async (w) => {
        const { id } = await w.freshUser("reset");
        await w.admin.users.setPassword({ userId: id, password: NEW_PASSWORD });
        return adminDid(w, "users.set_password", { targetObjects: [`user:${id}`] });
      },
    },
  ],
  "tokens.create": [
    {
      title: "a user creates a token for themselves",
      run: async (w) => {
        const t = await w.admin.tokens.create({
          name: "cov",
          grants: [{ role: "viewer", selector: null }],
          expiresInDays: 1,
        });
        return adminDid(w, "tokens.create", { targetObjects: [`token:${t.id}`, `user:${w.adminId}`] });
      },
    },
  ],
  "tokens.createFor": [
    {
      title: "an admin creates a token for another user",
      run: async (w) => {
        const { id } = await w.freshUser("tokened");
        const t = await w.admin.tokens.createFor({
          userId: id,
          name: "cov",
          grants: [{ role: "viewer", selector: null }],
          expiresInDays: 1,
        });
        return adminDid(w, "tokens.create", { targetObjects: [`token:${t.id}`, `user:${id}`] });
      },
    },
  ],
  "tokens.revoke": [
    {
      title: "a user revokes their own token",
      run: async (w) => {
        const t = await w.admin.tokens.create({
          name: "cov-own",
          grants: [{ role: "viewer", selector: null }],
          expiresInDays: 1,
        });
        await w.admin.tokens.revoke({ tokenId: t.id });
        return adminDid(w, "tokens.revoke", { targetObjects: [`token:${t.id}`] });
      },
    },
  ],
  "tokens.revokeAny": [
    {
      title: "an admin revokes another user's token",
      run: async (w) => {
        const { id } = await w.freshUser("revoked");
        const t = await w.admin.tokens.createFor({
          userId: id,
          name: "cov-other",
          grants: [{ role: "viewer", selector: null }],
          expiresInDays: 1,
        });
        await w.admin.tokens.revokeAny({ tokenId: t.id });
        return adminDid(w, "tokens.revoke", { targetObjects: [`token:${t.id}`, `user:${id}`] });
      },
    },
  ],
  "agents.createEnrollmentToken": [
    {
      title: "an admin creates an enrollment token",
      run: async (w) => {
        await w.admin.agents.createEnrollmentToken({ name: "cov", ttlSeconds: 600, maxUses: 1, labels: {} });
        return adminDid(w, "agents.enrollment_token_create", {});
      },
    },
  ],
  "agents.revokeEnrollmentToken": [
    {
      title: "an admin revokes an enrollment token",
      run: async (w) => {
        const t = await w.admin.agents.createEnrollmentToken({
          name: "cov-revoked",
          ttlSeconds: 600,
          maxUses: 1,
          labels: {},
        });
        await w.admin.agents.revokeEnrollmentToken({ id: t.id });
        return adminDid(w, "agents.enrollment_token_revoke", { targetObjects: [`enrollment-token:${t.id}`] });
      },
    },
  ],
  "agents.revoke": [
    {
      title: "an admin revokes an agent",
      run: async (w) => {
        const agentId = await addAgent(w.s.deps, w.hostId);
        await w.admin.agents.revoke({ agentId });
        return adminDid(w, "agents.revoke", { targetHosts: [w.hostId], targetObjects: [`agent:${agentId}`] });
      },
    },
  ],
  "hosts.setLabels": [
    {
      title: "an admin's API token sets a host's labels",
      run: async (w) => {
        const t = await w.admin.tokens.create({
          name: "cov-labels",
          grants: [{ role: "admin", selector: null }],
          expiresInDays: 1,
        });
        const { caller } = await callerWith(w.s.deps, bearer(t.token));
        await caller.hosts.setLabels({ hostId: w.hostId, labels: { env: "staging", rack: "r1" } });
        return {
          action: "hosts.set_labels",
          actorType: "token",
          actorId: t.id,
          actorName: "cov-admin",
          outcome: "succeeded",
          targetHosts: [w.hostId],
        };
      },
    },
  ],
};

function adminDid(
  w: World,
  action: string,
  targets: Pick<Expected, "targetHosts" | "targetObjects">,
): Expected {
  return {
    action,
    actorType: "user",
    actorId: w.adminId,
    actorName: "cov-admin",
    outcome: "succeeded",
    ...targets,
  };
}

// Typed as the nested router record; at run time it is flat: "users.create" → procedure.
const flat = appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>;
const mutations = Object.entries(flat)
  .filter(([, p]) => p._def.type === "mutation")
  .map(([path]) => path)
  .sort();

describe("audit coverage: every tRPC mutation is recorded", () => {
  it("every mutation in appRouter has a scenario here (add one with each new mutation)", () => {
    expect(mutations.length).toBeGreaterThan(0);
    expect(mutations).toEqual(Object.keys(scenarios).sort());
  });

  let w: World;
  let n = 0;
  beforeAll(async () => {
    const s = await startTestServer();
    const adminId = await addUser(s.deps, "cov-admin", [{ role: "admin", selector: null }]);
    const { caller: admin } = await callerWith(s.deps, await signedIn(s.deps, "cov-admin"));
    w = {
      s,
      adminId,
      admin,
      hostId: await addHost(s.deps, "cov-host", { env: "staging" }),
      freshUser: async (prefix) => {
        n++;
        const username = `${prefix}-${n}`;
        return { id: await addUser(s.deps, username, [{ role: "viewer", selector: null }]), username };
      },
    };
  });
  afterAll(async () => {
    await w?.s.close();
  });

  const cases = Object.entries(scenarios).flatMap(([path, list]) =>
    list.map((sc) => ({ path, title: sc.title, run: sc.run })),
  );

  it.each(cases)("$path: $title → an audit row with actor, action, target and outcome", async ({ run }) => {
    const db = w.s.deps.db;
    const [head] = await db.select({ seq: max(auditEvents.seq) }).from(auditEvents);
    const before = head?.seq ?? 0;
    const expected = await run(w);
    const rows = await db
      .select()
      .from(auditEvents)
      .where(gt(auditEvents.seq, before))
      .orderBy(asc(auditEvents.seq));
    const row = rows.findLast((r) => r.action === expected.action);
    expect(row, `no ${expected.action} row among ${rows.map((r) => r.action).join(", ")}`).toBeDefined();
    if (!row) return;
    expect(row).toMatchObject({
      actorType: expected.actorType,
      actorId: expected.actorId,
      actorName: expected.actorName,
      outcome: expected.outcome,
    });
    if (expected.actorType !== "system") expect(row.sourceIp).toBe("127.0.0.1");
    expect(row.targetHosts.length + row.targetObjects.length).toBeGreaterThan(0);
    if (expected.targetHosts) expect(row.targetHosts).toEqual(expected.targetHosts);
    for (const o of expected.targetObjects ?? []) expect(row.targetObjects).toContain(o);
  });

  it("the chain still verifies after every scenario", async () => {
    expect(await verifyChain(w.s.deps.db)).toMatchObject({ ok: true });
  });
});
