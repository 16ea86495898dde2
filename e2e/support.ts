import { expect, type Page } from "@playwright/test";
import postgres from "postgres";

export function databaseUrl(): string {
  const url = process.env.SWITCHYARD_E2E_DATABASE_URL;
  if (!url) throw new Error("SWITCHYARD_E2E_DATABASE_URL is set by global-setup.ts");
  return url;
}

export function adminPassword(): string {
  const pw = process.env.SWITCHYARD_E2E_ADMIN_PASSWORD;
  if (!pw) throw new Error("SWITCHYARD_E2E_ADMIN_PASSWORD is set by global-setup.ts");
  return pw;
}

/** A direct connection to the app's database, for arranging rows the UI then shows. */
export async function withSql<T>(fn: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(databaseUrl(), { max: 1, onnotice: () => {} });
  try {
    return await fn(sql);
  } finally {
    await sql.end();
  }
}

/** Signs in through the sign-in page, with the keyboard only. */
export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByLabel("Password").press("Enter");
  await expect(page.getByTestId("signed-in-as")).toHaveText(username);
}
