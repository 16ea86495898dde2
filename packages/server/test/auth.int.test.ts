import { apikey, session, signInThrottle, user } from "@switchyard/db";
import { TRPCError } from "@trpc/server";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureFirstAdmin } from "../src/auth/first-admin.ts";
import {
  addHost,
  addUser,
  auditCount,
  bearer,
  browserHeaders,
  callerWith,
  PASSWORD,
  signedIn,
  startTestServer,
  stateDigest,
  type TestServer,
} from "./support.ts";

async function errorOf(p: Promise<unknown>): Promise<TRPCError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof TRPCError) return err;
    throw err;
  }
  throw new Error("expected the call to fail");
}

async function latestAudit(s: TestServer, action: string) {
  const rows = (await s.deps.db.execute(
    sql`select actor_type, actor_id, actor_name, action, outcome, error, source_ip, target_objects from audit_events where action = ${action} order by seq desc limit 1`,
  )) as unknown as Record<string, unknown>[]; // postgres.js: rows as an array
  return rows[0];
}

describe("first run", () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(async () => s?.close());

  it("creates admin with a generated password printed once, then never again", async () => {
    const lines: string[] = [];
    expect(await ensureFirstAdmin(s.deps, { password: undefined, print: (l) => lines.push(l) })).toBe(
      "created",
    );
    const printed = /password: (\S+)/.exec(lines.join("\n"))?.[1];
    expect(printed).toBeDefined();
    const { caller } = await callerWith(s.deps, browserHeaders());
    await caller.auth.signIn({ username: "admin", password: printed ?? "" });
    expect(await ensureFirstAdmin(s.deps, { password: undefined, print: (l) => lines.push(l) })).toBe(
      "exists",
    );
    expect(lines.filter((l) => l.includes("password:"))).toHaveLength(1);
  });
});

describe("sign-in, sessions and tokens", () => {
  let s: TestServer;
  let stagingHost: string;
  let prodHost: string;
  beforeAll(async () => {
    s = await startTestServer({ throttle: { maxAccountFailures: 10 } });
    stagingHost = await addHost(s.deps, "stg-a", { env: "staging" });
    prodHost = await addHost(s.deps, "prod-a", { env: "production" });
    await addUser(s.deps, "alice", [{ role: "admin", selector: null }]);
    await addUser(s.deps, "oscar", [{ role: "operator", selector: "env=staging" }]);
    await addUser(s.deps, "vera", [{ role: "viewer", selector: null }]);
  });
  afterAll(async () => s?.close());

  it("a wrong password and an unknown user get the same answer, and both are audited", async () => {
    const { caller } = await callerWith(s.deps, browserHeaders());
    const wrong = await errorOf(caller.auth.signIn({ username: "vera", password: "not-the-password-1" }));
    const unknown = await errorOf(
      caller.auth.signIn({ username: "nobody-here", password: "not-the-password-1" }),
    );
    expect([wrong.code, wrong.message]).toEqual(["UNAUTHORIZED", "invalid username or password"]);
    expect([unknown.code, unknown.message]).toEqual([wrong.code, wrong.message]);
    expect(await latestAudit(s, "auth.sign_in")).toMatchObject({
      actor_name: "nobody-here",
      outcome: "failed",
      source_ip: "127.0.0.1",
    });
    await s.deps.db.delete(signInThrottle);
  });

  it("ten wrong passwords lock the account: the eleventh try with the right one is refused, and the lockout is audited", async () => {
    await addUser(s.deps, "lockme", [{ role: "viewer", selector: null }]);
    const { caller } = await callerWith(s.deps, browserHeaders());
    for (let i = 0; i < 10; i++) {
      const e = await errorOf(caller.auth.signIn({ username: "lockme", password: `wrong-password-${i}` }));
      expect(e.code).toBe("UNAUTHORIZED");
    }
    const eleventh = await errorOf(caller.auth.signIn({ username: "lockme", password: PASSWORD }));
    expect(eleventh.code).toBe("TOO_MANY_REQUESTS");
    expect(await latestAudit(s, "auth.lockout")).toMatchObject({
      actor_name: "lockme",
      outcome: "succeeded",
    });
    // Another account from the same address is not locked by this one.
    await expect(signedIn(s.deps, "vera")).resolves.toBeInstanceOf(Headers);
    await s.deps.db.delete(signInThrottle);
  });

  it("a session cookie is HttpOnly and SameSite=Lax, and the session id rotates at each sign-in", async () => {
    const { caller, resHeaders } = await callerWith(s.deps, browserHeaders());
    await caller.auth.signIn({ username: "vera", password: PASSWORD });
    const cookie = resHeaders.getSetCookie().find((c) => c.startsWith("switchyard.session_token="));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i); // http:// public URL; https:// turns it on
    const first = await signedIn(s.deps, "vera");
    const firstPrincipal = (await callerWith(s.deps, first)).principal;
    // Signing in again while carrying the first session ends it.
    const { caller: c2, resHeaders: r2 } = await callerWith(s.deps, first);
    await c2.auth.signIn({ username: "vera", password: PASSWORD });
    const second = browserHeaders({
      cookie: r2
        .getSetCookie()
        .map((c) => c.split(";")[0])
        .join("; "),
    });
    const secondPrincipal = (await callerWith(s.deps, second)).principal;
    expect(secondPrincipal?.kind === "user" && firstPrincipal?.kind === "user").toBe(true);
    if (secondPrincipal?.kind === "user" && firstPrincipal?.kind === "user") {
      expect(secondPrincipal.sessionId).not.toBe(firstPrincipal.sessionId);
    }
    expect((await callerWith(s.deps, first)).principal).toBeNull();
  });

  it("sign-out, a password change, a grant change and disabling the user each end sessions at once", async () => {
    const uid = await addUser(s.deps, "sam", [{ role: "viewer", selector: null }]);
    const admin = (await callerWith(s.deps, await signedIn(s.deps, "alice"))).caller;

    let h = await signedIn(s.deps, "sam");
    await (await callerWith(s.deps, h)).caller.auth.signOut();
    expect((await callerWith(s.deps, h)).principal).toBeNull();
    expect(await latestAudit(s, "auth.sign_out")).toMatchObject({ actor_id: uid, outcome: "succeeded" });

    h = await signedIn(s.deps, "sam");
    await admin.users.setPassword({ userId: uid, password: "amber-cactus-wharf-2291" });
    expect((await callerWith(s.deps, h)).principal).toBeNull();
    await expect(signedIn(s.deps, "sam")).rejects.toThrow();
    h = await signedIn(s.deps, "sam", "amber-cactus-wharf-2291");

    await admin.users.setGrants({ userId: uid, grants: [{ role: "viewer", selector: "env=staging" }] });
    expect((await callerWith(s.deps, h)).principal).toBeNull();
    expect(await latestAudit(s, "grants.update")).toMatchObject({ outcome: "succeeded" });

    h = await signedIn(s.deps, "sam", "amber-cactus-wharf-2291");
    await admin.users.setDisabled({ userId: uid, disabled: true });
    expect((await callerWith(s.deps, h)).principal).toBeNull();
    await expect(signedIn(s.deps, "sam", "amber-cactus-wharf-2291")).rejects.toThrow();
    const [row] = await s.deps.db.select({ banned: user.banned }).from(user).where(eq(user.id, uid));
    expect(row?.banned).toBe(true);
  });

  it("a session past the absolute timeout is refused and removed, however recently it was used", async () => {
    const h = await signedIn(s.deps, "vera");
    const p = (await callerWith(s.deps, h)).principal;
    if (p?.kind !== "user") throw new Error("expected a session");
    await s.deps.db
      .update(session)
      .set({ createdAt: new Date(Date.now() - 2 * 86400 * 1000) })
      .where(eq(session.id, p.sessionId));
    expect((await callerWith(s.deps, h)).principal).toBeNull();
    expect(await s.deps.db.select().from(session).where(eq(session.id, p.sessionId))).toHaveLength(0);
  });

  it("a scoped operator lists only the hosts its selector matches", async () => {
    const { caller } = await callerWith(s.deps, await signedIn(s.deps, "oscar"));
    const page = await caller.hosts.list({});
    expect(page.items.map((h) => h.id)).toEqual([stagingHost]);
    expect(page.items.map((h) => h.id)).not.toContain(prodHost);
  });

  it("a token is shown once, stored hashed, sent as Bearer, and carries only the grants it was given", async () => {
    const { caller } = await callerWith(s.deps, await signedIn(s.deps, "alice"));
    const created = await caller.tokens.create({
      name: "ci",
      grants: [{ role: "viewer", selector: "env=staging" }],
      expiresInDays: 1,
    });
    expect(created.token).toMatch(/^sy_/);
    const stored = await s.deps.db.select({ key: apikey.key }).from(apikey).where(eq(apikey.id, created.id));
    expect(stored[0]?.key).toBeDefined();
    expect(stored[0]?.key).not.toContain(created.token);
    const viaToken = await callerWith(s.deps, bearer(created.token));
    expect(viaToken.principal).toMatchObject({ kind: "token", username: "alice" });
    expect((await viaToken.caller.hosts.list({})).items.map((h) => h.id)).toEqual([stagingHost]);
    expect(await latestAudit(s, "tokens.create")).toMatchObject({ outcome: "succeeded" });
  });

  it("a token cannot carry a grant its owner lacks", async () => {
    const { caller } = await callerWith(s.deps, await signedIn(s.deps, "oscar"));
    const e = await errorOf(
      caller.tokens.create({
        name: "wide",
        grants: [{ role: "operator", selector: null }],
        expiresInDays: 1,
      }),
    );
    expect(e.code).toBe("BAD_REQUEST");
    expect(e.message).toMatch(/not within the owner's grants/);
    // Narrowing the owner's selector is within it.
    await caller.tokens.create({
      name: "narrow",
      grants: [{ role: "viewer", selector: "env=staging,site=a" }],
      expiresInDays: 1,
    });
  });

  it("a viewer token cannot mutate anything; the state is unchanged", async () => {
    const { caller } = await callerWith(s.deps, await signedIn(s.deps, "vera"));
    const { token } = await caller.tokens.create({
      name: "ro",
      grants: [{ role: "viewer", selector: null }],
      expiresInDays: 1,
    });
    const t = (await callerWith(s.deps, bearer(token))).caller;
    const before = await stateDigest(s.deps);
    const attempts: (() => Promise<unknown>)[] = [
      () => t.hosts.setLabels({ hostId: stagingHost, labels: { pwned: "yes" } }),
      () => t.users.create({ username: "intruder", password: "quartz-meadow-lantern-77", grants: [] }),
      () => t.tokens.create({ name: "more", grants: [{ role: "viewer", selector: null }], expiresInDays: 1 }),
      () => t.tokens.revoke({ tokenId: "x" }),
      () => t.auth.signOut(),
    ];
    for (const attempt of attempts) {
      const e = await errorOf(attempt());
      expect(["FORBIDDEN", "BAD_REQUEST"]).toContain(e.code);
    }
    expect(await stateDigest(s.deps)).toEqual(before);
  });

  it("expired, revoked and unknown tokens get one identical answer", async () => {
    const { caller } = await callerWith(s.deps, await signedIn(s.deps, "alice"));
    const expired = await caller.tokens.create({
      name: "exp",
      grants: [{ role: "viewer", selector: null }],
      expiresInDays: 1,
    });
    await s.deps.db
      .update(apikey)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(apikey.id, expired.id));
    const revoked = await caller.tokens.create({
      name: "rev",
      grants: [{ role: "viewer", selector: null }],
      expiresInDays: 1,
    });
    await caller.tokens.revoke({ tokenId: revoked.id });
    expect(await latestAudit(s, "tokens.revoke")).toMatchObject({ outcome: "succeeded" });
    const answers = [];
    for (const token of [expired.token, revoked.token, "sy_unknownunknownunknownunknown", "garbage"]) {
      const { caller: c, principal } = await callerWith(s.deps, bearer(token));
      expect(principal).toBeNull();
      const e = await errorOf(c.auth.whoami());
      answers.push([e.code, e.message]);
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]).toEqual(["UNAUTHORIZED", "sign in or send a valid API token"]);
  });

  it("an authorization denial by a token is audited with the token as actor", async () => {
    const { caller } = await callerWith(s.deps, await signedIn(s.deps, "oscar"));
    const { token, id } = await caller.tokens.create({
      name: "op",
      grants: [{ role: "operator", selector: "env=staging" }],
      expiresInDays: 1,
    });
    const before = await auditCount(s.deps, "authz.deny");
    const e = await errorOf((await callerWith(s.deps, bearer(token))).caller.users.list({}));
    expect(e.code).toBe("FORBIDDEN");
    expect(await auditCount(s.deps, "authz.deny")).toBe(before + 1);
    expect(await latestAudit(s, "authz.deny")).toMatchObject({
      actor_type: "token",
      actor_id: id,
      outcome: "denied",
    });
  });
});

describe("idle timeout", () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ idleTimeoutSeconds: 2 });
    await addUser(s.deps, "idle", [{ role: "viewer", selector: null }]);
  });
  afterAll(async () => s?.close());

  it("a session unused for longer than the idle timeout is refused", async () => {
    const h = await signedIn(s.deps, "idle");
    expect((await callerWith(s.deps, h)).principal).not.toBeNull();
    await new Promise((r) => setTimeout(r, 3_000));
    expect((await callerWith(s.deps, h)).principal).toBeNull();
  });
});
