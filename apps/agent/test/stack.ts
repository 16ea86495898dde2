// Test support: real PostgreSQL (a throwaway database), the real web process (built .next), an
// admin session, and enrollment tokens created over the API like an admin would.
import { createPostgresTestDatabase, type TestDatabase } from "@switchyard/db/testing";
import postgres from "postgres";
import {
  freePort,
  type RunningProcess,
  signInHttp,
  startWeb,
  TEST_ADMIN_PASSWORD,
  trpcPost,
  waitForHealthy,
} from "../../web/test/web-process.ts";

export interface Stack {
  db: TestDatabase;
  web: RunningProcess;
  cookie: string;
  sql: postgres.Sql;
  enrollmentToken(opts: { maxUses: number; ttlSeconds?: number }): Promise<string>;
  stop(): Promise<void>;
}

export async function startStack(): Promise<Stack> {
  const db = await createPostgresTestDatabase();
  const web = startWeb(
    { DATABASE_URL: db.location, SWITCHYARD_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD },
    await freePort(),
  );
  try {
    await waitForHealthy(web, 90_000);
  } catch (err) {
    await web.stop();
    await db.drop();
    throw err;
  }
  const cookie = await signInHttp(web.url, "admin", TEST_ADMIN_PASSWORD);
  const sql = postgres(db.location, { max: 2, onnotice: () => {} });
  return {
    db,
    web,
    cookie,
    sql,
    async enrollmentToken({ maxUses, ttlSeconds = 600 }) {
      const res = await trpcPost(
        web.url,
        "agents.createEnrollmentToken",
        { name: "agent-int", ttlSeconds, maxUses, labels: { site: "lab" } },
        { cookie },
      );
      if (res.status !== 200) throw new Error(`createEnrollmentToken: ${res.status} ${await res.text()}`);
      const body = (await res.json()) as { result: { data: { json: { token: string } } } };
      return body.result.data.json.token;
    },
    async stop() {
      await sql.end().catch(() => {});
      await web.stop();
      await db.drop();
    },
  };
}
