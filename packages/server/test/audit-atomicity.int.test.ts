// Issue 5 acceptance (RELIABILITY test 21, last clause): when the audit insert fails, the
// action it belongs to does not happen. The services run exactly as the web app does in
// production — connected as the restricted app role ensureAppRole creates, on a database whose
// migrations ran as its (non-superuser) owner — and the owner revokes INSERT on audit_events.
//
// That the app role cannot UPDATE, DELETE or TRUNCATE audit_events, and that a row edited as
// superuser is named by the verifier, is covered in packages/server/src/audit/app-role.int.test.ts
// (and the grants themselves in packages/db/src/app-role.int.test.ts); not repeated here.
import { randomBytes } from "node:crypto";
import { apikey, enrollmentTokens, grants, tokenGrants, user } from "@switchyard/db";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openWithAppRole, type RoleSetup } from "../src/audit/test-support.ts";
import { createServerDeps, type ServerDeps } from "../src/deps.ts";
import { addUser, auditCount, callerWith, PUBLIC_URL, signedIn } from "./support.ts";

type Caller = Awaited<ReturnType<typeof callerWith>>["caller"];

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error("expected the call to fail, but it succeeded");
}

/** The driver's message under tRPC's and drizzle's wrappers. */
function causes(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err; e instanceof Error; e = e.cause) parts.push(e.message);
  return parts.join(" | ");
}

describe("when the audit insert fails, the audited action does not happen (app role, INSERT revoked)", () => {
  let r: RoleSetup;
  let deps: ServerDeps;
  let admin: Caller;
  let viewer: Caller;
  let victimId: string;

  beforeAll(async () => {
    // The API logs each failure as unexpected (it is): keep the test output readable.
    vi.spyOn(console, "error").mockImplementation(() => {});
    r = await openWithAppRole();
    deps = createServerDeps(r.app, {
      publicUrl: PUBLIC_URL,
      secret: randomBytes(32).toString("hex"),
      idleTimeoutSeconds: 3600,
      absoluteTimeoutSeconds: 86400,
    });
    // Arranged while the app role may still append (each of these is audited).
    await addUser(deps, "atom-admin", [{ role: "admin", selector: null }]);
    await addUser(deps, "atom-viewer", [{ role: "viewer", selector: null }]);
    victimId = await addUser(deps, "atom-victim", [{ role: "viewer", selector: "env=staging" }]);
    admin = (await callerWith(deps, await signedIn(deps, "atom-admin"))).caller;
    viewer = (await callerWith(deps, await signedIn(deps, "atom-viewer"))).caller;
    await r.owner.execute(sql.raw(`revoke insert on audit_events from ${r.appRole}`));
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await r?.close();
  });

  it("tokens.create fails, and no API key or token grant exists", async () => {
    const audited = await auditCount(deps);
    const err = await rejection(
      admin.tokens.create({ name: "atomic", grants: [{ role: "viewer", selector: null }], expiresInDays: 1 }),
    );
    expect(causes(err)).toMatch(/permission denied for table audit_events/);
    expect(await deps.db.select().from(apikey)).toEqual([]);
    expect(await deps.db.select().from(tokenGrants)).toEqual([]);
    expect(await auditCount(deps)).toBe(audited);
  });

  it("users.setGrants fails, and the user's grants are unchanged", async () => {
    const before = await deps.db
      .select({ role: grants.role, selector: grants.selector })
      .from(grants)
      .where(eq(grants.userId, victimId));
    expect(before).toEqual([{ role: "viewer", selector: "env=staging" }]);
    const err = await rejection(
      admin.users.setGrants({ userId: victimId, grants: [{ role: "admin", selector: null }] }),
    );
    expect(causes(err)).toMatch(/permission denied for table audit_events/);
    expect(
      await deps.db
        .select({ role: grants.role, selector: grants.selector })
        .from(grants)
        .where(eq(grants.userId, victimId)),
    ).toEqual(before);
  });

  it("users.create fails, and no user row exists", async () => {
    const err = await rejection(
      admin.users.create({ username: "atom-new", password: "copper-lagoon-whistle-4821", grants: [] }),
    );
    expect(causes(err)).toMatch(/permission denied for table audit_events/);
    expect(await deps.db.select().from(user).where(eq(user.username, "atom-new"))).toEqual([]);
  });

  it("agents.createEnrollmentToken fails, and no enrollment token is issued", async () => {
    const err = await rejection(
      admin.agents.createEnrollmentToken({ name: "atomic", ttlSeconds: 600, maxUses: 1, labels: {} }),
    );
    expect(causes(err)).toMatch(/permission denied for table audit_events/);
    expect(await deps.db.select().from(enrollmentTokens)).toEqual([]);
  });

  it("a denial whose audit record cannot be written is still a denial", async () => {
    const err = await rejection(
      viewer.users.create({ username: "atom-sneak", password: "copper-lagoon-whistle-4821", grants: [] }),
    );
    expect(causes(err)).toMatch(/permission denied for table audit_events/);
    expect(await deps.db.select().from(user).where(eq(user.username, "atom-sneak"))).toEqual([]);
  });

  it("with INSERT granted again, the same token creation succeeds (the revoke was the only cause)", async () => {
    await r.owner.execute(sql.raw(`grant insert on audit_events to ${r.appRole}`));
    const created = await admin.tokens.create({
      name: "atomic",
      grants: [{ role: "viewer", selector: null }],
      expiresInDays: 1,
    });
    expect(await deps.db.select({ id: apikey.id }).from(apikey)).toEqual([{ id: created.id }]);
    expect(await auditCount(deps, "tokens.create")).toBe(1);
  });
});
