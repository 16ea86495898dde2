import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { adminPassword, signIn, withSql } from "./support.ts";

// A real lab host with a real agent reports to the app under test; changes made by hand in
// the lab host appear on the open host page without a reload. Changes happen only inside the
// sy-h1 namespace and its containers; `lab down` removes everything in afterAll.

const repoRoot = join(import.meta.dirname, "..");

function run(argv: string[], env: Record<string, string> = {}): string {
  const [cmd, ...args] = argv;
  if (!cmd) throw new Error("empty argv");
  const r = spawnSync(cmd, args, {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    encoding: "utf8",
    timeout: 170_000,
  });
  if (r.status !== 0) throw new Error(`${argv.join(" ")} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

interface LabStatus {
  hosts: { name: string; socket: string; containers: { name: string; sandboxKey: string }[] }[];
}

test.describe("live host page", () => {
  test.describe.configure({ timeout: 240_000 });
  let hostId = "";
  let sandbox: Record<string, string> = {};
  let dockerSocket = "";

  test.beforeAll(async ({ baseURL }) => {
    if (!baseURL) throw new Error("baseURL");
    const signInRes = await fetch(`${baseURL}/api/trpc/auth.signIn`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: baseURL },
      body: JSON.stringify({ json: { username: "admin", password: adminPassword() } }),
    });
    const cookie = signInRes.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const tokenRes = await fetch(`${baseURL}/api/trpc/agents.createEnrollmentToken`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: baseURL, cookie },
      body: JSON.stringify({ json: { name: "e2e-lab", ttlSeconds: 600, maxUses: 1, labels: {} } }),
    });
    const token = ((await tokenRes.json()) as { result: { data: { json: { token: string } } } }).result.data
      .json.token;
    run(["pnpm", "--silent", "lab", "down"]);
    run([
      "pnpm",
      "--silent",
      "lab",
      "up",
      "--hosts",
      "1",
      "--containers",
      "2",
      "--server",
      baseURL,
      "--token",
      token,
    ]);
    const status = JSON.parse(run(["pnpm", "--silent", "lab", "status", "--json"])) as LabStatus;
    dockerSocket = status.hosts[0]?.socket ?? "";
    sandbox = Object.fromEntries((status.hosts[0]?.containers ?? []).map((c) => [c.name, c.sandboxKey]));
    await expect
      .poll(
        async () => {
          const rows = await withSql(
            (sql) =>
              sql`select h.id from hosts h join host_snapshots s on s.host_id = h.id where h.name = 'sy-h1' and h.status = 'online'`,
          );
          hostId = String(rows[0]?.id ?? "");
          return hostId;
        },
        { timeout: 60_000 },
      )
      .not.toBe("");
  });

  test.afterAll(async () => {
    run(["pnpm", "--silent", "lab", "down"]);
    await withSql((sql) => sql`delete from hosts where name = 'sy-h1'`);
  });

  test("a bridge, a point-to-point link, a deleted MASQUERADE rule and a stopped container, made by hand, appear on the open page within 5 s, without reload", async ({
    page,
  }) => {
    await signIn(page, "admin", adminPassword());
    await page.goto(`/hosts/${hostId}`);
    await expect(page.getByRole("heading", { name: "sy-h1" })).toBeVisible();
    await expect(page.getByTestId("containers")).toContainText("c1");
    // A marker that a reload would wipe.
    await page.evaluate(() => {
      (globalThis as unknown as { __noReload: boolean }).__noReload = true;
    });

    run(["ip", "-n", "sy-h1", "link", "add", "br-e2e", "type", "bridge"]);
    await expect(page.getByTestId("bridges-section")).toContainText("br-e2e", { timeout: 5_000 });

    // The seed's point-to-point link between c1 and c2 (LAB.md), made by hand.
    const a = sandbox.c1;
    const b = sandbox.c2;
    if (!a || !b) throw new Error("lab containers c1/c2 missing");
    run(["ip", "-n", "sy-h1", "link", "add", "e2eA", "netns", a, "type", "veth", "peer", "e2eB", "netns", b]);
    run(["nsenter", `--net=${a}`, "ip", "addr", "add", "10.1.1.1/32", "dev", "e2eA"]);
    run(["nsenter", `--net=${b}`, "ip", "addr", "add", "10.1.1.2/32", "dev", "e2eB"]);
    run(["nsenter", `--net=${a}`, "ip", "link", "set", "e2eA", "up"]);
    run(["nsenter", `--net=${b}`, "ip", "link", "set", "e2eB", "up"]);
    run(["nsenter", `--net=${a}`, "ip", "route", "add", "10.1.1.2/32", "dev", "e2eA"]);
    run(["nsenter", `--net=${b}`, "ip", "route", "add", "10.1.1.1/32", "dev", "e2eB"]);
    await expect(page.getByTestId("p2p-link")).toContainText("e2eA", { timeout: 5_000 });
    await expect(page.getByTestId("p2p-link")).toContainText("10.1.1.1");
    await expect(page.getByTestId("topology-edges").locator('[data-kind="p2p"]')).toHaveCount(1);
    await expect(page.getByTestId("topology")).toBeVisible();

    // Docker's MASQUERADE rule for the default bridge, deleted by hand inside sy-h1.
    const masquerade = page.getByTestId("rule-nat").filter({ hasText: "MASQUERADE" });
    await expect(masquerade).not.toHaveCount(0);
    const before = await masquerade.count();
    const rule = ((await masquerade.first().locator("code").textContent()) ?? "").trim();
    const spec = rule.replace(/^-A /, "").split(/\s+/);
    run(["nsenter", "--net=/var/run/netns/sy-h1", "iptables", "-w", "-t", "nat", "-D", ...spec]);
    await expect(masquerade).toHaveCount(before - 1, { timeout: 5_000 });

    // A container stopped by hand.
    run(["docker", "-H", `unix://${dockerSocket}`, "stop", "-t", "1", "c2"]);
    await expect(page.getByTestId("container-row").filter({ hasText: "c2" })).toContainText("exited", {
      timeout: 5_000,
    });

    expect(await page.evaluate(() => (globalThis as unknown as { __noReload?: boolean }).__noReload)).toBe(
      true,
    );
  });
});
