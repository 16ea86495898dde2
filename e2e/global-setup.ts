import { createPostgresTestDatabase } from "@switchyard/db/testing";
import { startWeb, TEST_ADMIN_PASSWORD, waitForHealthy } from "../apps/web/test/web-process.ts";
import { e2ePort } from "./playwright.config.ts";

/** Starts the production web process on a throwaway PostgreSQL database; returns the teardown. */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const tdb = await createPostgresTestDatabase();
  const web = startWeb(
    { DATABASE_URL: tdb.location, SWITCHYARD_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD },
    e2ePort,
  );
  try {
    await waitForHealthy(web, 60_000);
  } catch (err) {
    await web.stop();
    await tdb.drop();
    throw err;
  }
  // Specs read and write the same database the app serves.
  process.env.SWITCHYARD_E2E_DATABASE_URL = tdb.location;
  process.env.SWITCHYARD_E2E_ADMIN_PASSWORD = TEST_ADMIN_PASSWORD;
  return async () => {
    await web.stop();
    await tdb.drop();
  };
}
