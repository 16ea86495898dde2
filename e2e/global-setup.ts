import { createPostgresTestDatabase } from "@switchyard/db/testing";
import { startWeb, waitForHealthy } from "../apps/web/test/web-process.ts";
import { e2ePort } from "./playwright.config.ts";

/** Starts the production web process on a throwaway PostgreSQL database; returns the teardown. */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const tdb = await createPostgresTestDatabase();
  const web = startWeb({ DATABASE_URL: tdb.location }, e2ePort);
  try {
    await waitForHealthy(web, 60_000);
  } catch (err) {
    await web.stop();
    await tdb.drop();
    throw err;
  }
  // Specs read and write the same database the app serves.
  process.env.SWITCHYARD_E2E_DATABASE_URL = tdb.location;
  return async () => {
    await web.stop();
    await tdb.drop();
  };
}
