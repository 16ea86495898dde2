// Integration-test support: a migrated throwaway PostgreSQL database, the real services
// container, and callers that go through real sign-in and real principal resolution.
import { randomBytes } from "node:crypto";
import { agents, type DbHandle, hosts, migrate, openDb, type Role } from "@switchyard/db";
import { createPostgresTestDatabase, type TestDatabase } from "@switchyard/db/testing";
import { sql } from "drizzle-orm";
import { createApiContext } from "../src/api/handler.ts";
import { REMOTE_ADDR_HEADER } from "../src/api/request-guard.ts";
import { createCaller } from "../src/api/root.ts";
import { createServerDeps, type ServerConfig, type ServerDeps } from "../src/deps.ts";
import { createUserRecord } from "../src/users/create-user.ts";

export const PUBLIC_URL = "http://127.0.0.1:3999";
export const PASSWORD = "violet-harbour-tram-1987";

export interface TestServer {
  tdb: TestDatabase;
  handle: DbHandle;
  deps: ServerDeps;
  close(): Promise<void>;
}

export async function startTestServer(config: Partial<ServerConfig> = {}): Promise<TestServer> {
  const tdb = await createPostgresTestDatabase();
  const handle = await openDb(tdb.config);
  await migrate(handle);
  const deps = createServerDeps(handle.db, {
    publicUrl: PUBLIC_URL,
    secret: randomBytes(32).toString("hex"),
    idleTimeoutSeconds: 3600,
    absoluteTimeoutSeconds: 86400,
    ...config,
  });
  return {
    tdb,
    handle,
    deps,
    close: async () => {
      await handle.close();
      await tdb.drop();
    },
  };
}

const system = { actorType: "system" as const, actorId: null, actorName: "test", role: null };

export async function addUser(
  deps: ServerDeps,
  username: string,
  grants: { role: Role; selector: string | null }[],
): Promise<string> {
  const { id } = await createUserRecord(deps, { username, password: PASSWORD, grants, actor: system });
  return id;
}

export async function addHost(
  deps: ServerDeps,
  name: string,
  labels: Record<string, string>,
): Promise<string> {
  const [row] = await deps.db
    .insert(hosts)
    .values({ name, labels, status: "online" })
    .returning({ id: hosts.id });
  if (!row) throw new Error("host insert returned nothing");
  return row.id;
}

/** An enrolled agent row for `hostId` (credential unknown: for authorization tests). */
export async function addAgent(deps: ServerDeps, hostId: string): Promise<string> {
  const [row] = await deps.db
    .insert(agents)
    .values({ hostId, credentialHash: randomBytes(32).toString("hex") })
    .returning({ id: agents.id });
  if (!row) throw new Error("agent insert returned nothing");
  return row.id;
}

/** Request headers as a browser on the public URL would send them. */
export function browserHeaders(extra: Record<string, string> = {}): Headers {
  return new Headers({
    origin: PUBLIC_URL,
    "user-agent": "vitest",
    [REMOTE_ADDR_HEADER]: "127.0.0.1",
    ...extra,
  });
}

/** A tRPC caller acting with `headers` (cookie or bearer), principal resolved for real. */
export async function callerWith(deps: ServerDeps, headers: Headers) {
  const resHeaders = new Headers();
  const ctx = await createApiContext(deps, headers, resHeaders);
  return { caller: createCaller(ctx), resHeaders, principal: ctx.principal };
}

/** Signs in through the API and returns headers carrying the session cookie. */
export async function signedIn(deps: ServerDeps, username: string, password = PASSWORD): Promise<Headers> {
  const { caller, resHeaders } = await callerWith(deps, browserHeaders());
  await caller.auth.signIn({ username, password });
  const cookie = resHeaders
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  if (!cookie) throw new Error("sign-in set no cookie");
  return browserHeaders({ cookie });
}

export function bearer(token: string): Headers {
  return browserHeaders({ authorization: `Bearer ${token}` });
}

/** Digest of every table but the audit log, to prove a call changed nothing. */
export async function stateDigest(deps: ServerDeps): Promise<Record<string, string>> {
  const tables = (await deps.db.execute(
    sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not in ('audit_events', 'audit_anchor', '__drizzle_migrations') order by 1`,
  )) as unknown as { table_name: string }[];
  const out: Record<string, string> = {};
  for (const { table_name } of tables) {
    const [row] = (await deps.db.execute(
      sql.raw(
        `select count(*)::text || ':' || coalesce(md5(string_agg(t::text, '|' order by t::text)), '') as d from "${table_name}" t`,
      ),
    )) as unknown as { d: string }[];
    out[table_name] = row?.d ?? "";
  }
  return out;
}

export async function auditCount(deps: ServerDeps, action?: string): Promise<number> {
  const rows = (await deps.db.execute(
    action
      ? sql`select count(*)::int as n from audit_events where action = ${action}`
      : sql`select count(*)::int as n from audit_events`,
  )) as unknown as { n: number }[];
  return rows[0]?.n ?? 0;
}
