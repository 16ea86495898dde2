import { readFile } from "node:fs/promises";
import { type APIResponse, expect, type Page, test } from "@playwright/test";
import { csvObjects } from "./csv.ts";
import { adminPassword, signIn, withSql } from "./support.ts";

const AUDITOR = "e2e-auditor";
const AUDITOR_PASSWORD = "marble-lantern-oxbow-93";
const OPERATOR = "e2e-audit-operator";
const OPERATOR_PASSWORD = "thistle-compass-verdant-61";

/** A tRPC mutation from the page's session, as the app's own client sends it (JSON, our Origin). */
function mutate(page: Page, path: string, input: unknown): Promise<APIResponse> {
  const origin = new URL(page.url()).origin;
  return page.request.post(`/api/trpc/${path}`, { data: { json: input }, headers: { origin } });
}

test("an auditor (viewer, all hosts) filters the audit log by host and outcome, opens a row, and exports exactly that view as CSV", async ({
  browser,
}) => {
  const created = await withSql(
    (sql) => sql<{ id: string; name: string }[]>`insert into hosts (name, labels, status) values
      ('aud-web-1', '{"env":"staging"}', 'online'),
      ('aud-db-1', '{"env":"production"}', 'online')
      returning id, name`,
  );
  const web = created.find((h) => h.name === "aud-web-1")?.id ?? "";
  const dbHost = created.find((h) => h.name === "aud-db-1")?.id ?? "";
  try {
    // Real actions: the admin creates the people and relabels both hosts…
    const adminContext = await browser.newContext();
    const admin = await adminContext.newPage();
    await signIn(admin, "admin", adminPassword());
    for (const [username, password, grant] of [
      [AUDITOR, AUDITOR_PASSWORD, { role: "viewer", selector: null }],
      [OPERATOR, OPERATOR_PASSWORD, { role: "operator", selector: "env=staging" }],
    ] as const) {
      expect((await mutate(admin, "users.create", { username, password, grants: [grant] })).status()).toBe(
        200,
      );
    }
    for (const [hostId, labels] of [
      [web, { env: "staging", tier: "web" }],
      [web, { env: "staging", tier: "web-blue" }],
      [dbHost, { env: "production", tier: "db" }],
    ] as const) {
      expect((await mutate(admin, "hosts.setLabels", { hostId, labels })).status()).toBe(200);
    }
    // …and the staging operator tries to, and is denied on both (operators may not label).
    const opContext = await browser.newContext();
    const op = await opContext.newPage();
    await signIn(op, OPERATOR, OPERATOR_PASSWORD);
    for (const hostId of [web, dbHost]) {
      expect((await mutate(op, "hosts.setLabels", { hostId, labels: { env: "staging" } })).status()).toBe(
        403,
      );
    }
    // The operator's grant is scoped: no audit link, and the page refuses.
    await expect(op.getByTestId("nav-audit")).toHaveCount(0);
    await op.goto("/audit");
    await expect(op.getByTestId("forbidden")).toBeVisible();

    // The auditor, in a browser of their own.
    const auditorContext = await browser.newContext({ acceptDownloads: true });
    const page = await auditorContext.newPage();
    await signIn(page, AUDITOR, AUDITOR_PASSWORD);
    await page.getByTestId("nav-audit").click();
    await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
    await expect(page.getByTestId("audit-row").first()).toBeVisible();

    await page.getByRole("button", { name: "Verify chain" }).click();
    await expect(page.getByTestId("chain-badge")).toHaveText(/^Chain verified up to #\d+$/);

    // Filter with the keyboard: host by name, two outcomes, Enter applies.
    const form = page.getByRole("form", { name: "Filter audit events" });
    await form.getByLabel("Outcome").selectOption(["succeeded", "denied"]);
    await form.getByLabel("Host").fill("aud-web-1");
    await form.getByLabel("Host").press("Enter");
    const rows = page.getByTestId("audit-row");
    await expect(rows).toHaveCount(3);
    await expect(rows.locator("td.outcome")).toHaveText(["denied", "succeeded", "succeeded"]);
    for (const row of await rows.all()) await expect(row).toContainText("host:aud-web-1");
    await expect(page.getByTestId("audit-table")).not.toContainText("aud-db-1");
    await expect(rows.nth(0)).toContainText(OPERATOR);
    await expect(rows.nth(0)).toContainText("authz.deny");
    await expect(rows.nth(1)).toContainText("hosts.set_labels");
    const seqs = (await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-seq")))).map(Number);

    // Open the newest relabel with the keyboard and read its parameters.
    await rows.nth(1).getByRole("button").focus();
    await page.keyboard.press("Enter");
    const detail = page.getByTestId("audit-detail");
    await expect(detail.getByRole("heading", { name: `Event #${seqs[1]}` })).toBeVisible();
    await expect(detail.getByTestId("audit-params")).toContainText('"tier": "web-blue"');
    await expect(detail).toContainText(web);
    await expect(detail).toContainText("admin");
    await page.keyboard.press("Escape");
    await expect(detail).toHaveCount(0);

    // Export the filtered view; the file holds exactly the rows the table shows.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Export CSV" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^switchyard-audit-.+\.csv$/);
    const file = await download.path();
    const records = csvObjects(await readFile(file, "utf8"));
    expect(records.map((r) => Number(r.seq))).toEqual(seqs);
    expect(records.map((r) => r.outcome)).toEqual(["denied", "succeeded", "succeeded"]);
    expect(records.map((r) => r.actorName)).toEqual([OPERATOR, "admin", "admin"]);
    for (const r of records) expect(JSON.parse(r.targetHosts ?? "[]")).toEqual([web]);
    expect(JSON.parse(records[1]?.params ?? "{}")).toEqual({ labels: { env: "staging", tier: "web-blue" } });

    // The export is itself in the log, with the filter it used.
    const exports = await withSql(
      (sql) => sql<{ params: { format: string; filter: { host: string } } }[]>`
        select params from audit_events where action = 'audit.export' and actor_name = ${AUDITOR}`,
    );
    expect(exports).toHaveLength(1);
    expect(exports[0]?.params).toMatchObject({ format: "csv", filter: { host: "aud-web-1" } });

    await adminContext.close();
    await opContext.close();
    await auditorContext.close();
  } finally {
    await withSql((sql) => sql`delete from hosts where name in ('aud-web-1', 'aud-db-1')`);
  }
});
