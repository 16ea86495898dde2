import { expect, test } from "@playwright/test";
import { adminPassword, signIn, withSql } from "./support.ts";

test("an admin opens the fleet page and sees the hosts the database holds", async ({ page }) => {
  await withSql((sql) => sql`delete from hosts`);
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in\?next=%2F$/);
  await signIn(page, "admin", adminPassword());
  await expect(page.getByRole("heading", { name: "Fleet" })).toBeVisible();
  await expect(page.getByTestId("fleet-empty")).toBeVisible();
  await expect(page.getByTestId("fleet-count")).toContainText("0 hosts");

  await withSql(
    (sql) => sql`insert into hosts (name, labels, status, agent_version) values
      ('e2e-alpha', '{"env":"staging"}', 'online', '0.1.0'),
      ('e2e-beta', '{"env":"production","site":"b"}', 'offline', null)`,
  );
  await page.reload();

  const rows = page.getByTestId("fleet-row");
  await expect(rows).toHaveCount(2);
  await expect(page.getByTestId("fleet-count")).toContainText("2 hosts");
  await expect(page.getByTestId("fleet-count")).toContainText("PostgreSQL");
  await expect(rows.nth(0)).toContainText("e2e-alpha");
  await expect(rows.nth(0)).toContainText("env=staging");
  await expect(rows.nth(0)).toContainText("online");
  await expect(rows.nth(0)).toContainText("0.1.0");
  await expect(rows.nth(1)).toContainText("e2e-beta");
  await expect(rows.nth(1)).toContainText("site=b");
  await expect(rows.nth(1)).toContainText("never");
  await withSql((sql) => sql`delete from hosts`);
});
