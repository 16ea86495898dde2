import { expect, test } from "@playwright/test";
import { adminPassword, signIn, withSql } from "./support.ts";

const OPERATOR = "stg-operator";
const OPERATOR_PASSWORD = "lichen-sextant-bramble-58";

test("an admin creates an operator scoped to env=staging, who then sees only staging hosts and no admin pages", async ({
  browser,
}) => {
  await withSql(
    (sql) => sql`insert into hosts (name, labels, status) values
      ('stg-web-1', '{"env":"staging"}', 'online'),
      ('stg-db-1', '{"env":"staging","tier":"db"}', 'online'),
      ('prod-web-1', '{"env":"production"}', 'online')`,
  );
  try {
    const adminContext = await browser.newContext();
    const admin = await adminContext.newPage();
    await signIn(admin, "admin", adminPassword());
    await expect(admin.getByTestId("fleet-row")).toHaveCount(3);
    await admin.getByTestId("nav-admin-users").click();
    await expect(admin.getByRole("heading", { name: "Users", exact: true })).toBeVisible();

    const form = admin.getByRole("form", { name: "Create user" });
    await form.getByLabel("Username").fill(OPERATOR);
    await form.getByLabel("Password").fill("password1234");
    await form.getByLabel("Role").selectOption("operator");
    await form.getByLabel("Host selector").fill("env=staging");
    await form.getByRole("button", { name: "Create user" }).click();
    // A weak password is refused with the field named.
    await expect(admin.getByTestId("form-error")).toContainText("password: password is too easy to guess");
    await form.getByLabel("Password").fill(OPERATOR_PASSWORD);
    await form.getByRole("button", { name: "Create user" }).click();
    await expect(admin.getByTestId("form-notice")).toContainText(`Created ${OPERATOR}`);
    const row = admin.getByTestId("user-row").filter({ hasText: OPERATOR });
    await expect(row).toContainText("operator (env=staging)");

    // The operator, in a second browser context.
    const opContext = await browser.newContext();
    const op = await opContext.newPage();
    await signIn(op, OPERATOR, OPERATOR_PASSWORD);
    const rows = op.getByTestId("fleet-row");
    await expect(rows).toHaveCount(2);
    await expect(op.getByTestId("fleet-table")).toContainText("stg-web-1");
    await expect(op.getByTestId("fleet-table")).toContainText("stg-db-1");
    await expect(op.getByTestId("fleet-table")).not.toContainText("prod-web-1");
    await expect(op.getByTestId("fleet-count")).toContainText("in your scope");
    await expect(op.getByTestId("nav-admin-users")).toHaveCount(0);
    await op.goto("/admin/users");
    await expect(op.getByTestId("forbidden")).toBeVisible();
    await expect(op.getByRole("heading", { name: "Users", exact: true })).toHaveCount(0);

    // The denial was audited.
    const denials = await withSql(
      (sql) =>
        sql`select count(*)::int as n from audit_events where action = 'authz.deny' and actor_name = ${OPERATOR}`,
    );
    expect(denials[0]?.n).toBeGreaterThanOrEqual(1);

    // Signing out ends the operator's session.
    await op.getByRole("button", { name: "Sign out" }).click();
    await expect(op).toHaveURL(/\/sign-in/);
    await op.goto("/");
    await expect(op).toHaveURL(/\/sign-in/);
    await adminContext.close();
    await opContext.close();
  } finally {
    await withSql((sql) => sql`delete from hosts`);
  }
});
