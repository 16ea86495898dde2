// A failed `lab up` leaves nothing behind: not after a fault injected once host 1 is completely up,
// not after a daemon.json that stops dockerd from starting, not after an interrupt — and a failure
// while adding a host to an existing lab removes only what that call created.
import { rm, writeFile } from "node:fs/promises";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { labDown } from "../src/down.ts";
import { LabError } from "../src/errors.ts";
import { captureRootNs } from "../src/rootns/capture.ts";
import { diffSnapshots, formatDiff } from "../src/rootns/diff.ts";
import type { Normalised } from "../src/rootns/normalise.ts";
import { labStatus } from "../src/status.ts";
import { labUp } from "../src/up.ts";
import { lab, type Residue, residue, show } from "./helpers.ts";

const base = `/tmp/sy-lab-it-fail-${process.pid}`;
const stateDir = `${base}/state`;
const runDir = `${base}/run`;
const env = { SY_LAB_DIR: stateDir, SY_LAB_RUN_DIR: runDir };
const badJson = `/tmp/sy-lab-it-bad-daemon-${process.pid}.json`;

const failureSchema = z.object({
  ok: z.literal(false),
  error: z.object({ step: z.string(), host: z.string().nullable(), message: z.string() }),
});

let rootBefore: Normalised;
let clean: Residue;

async function expectNothingLeft(): Promise<void> {
  expect(await residue([base])).toEqual(clean);
  const diff = diffSnapshots(rootBefore, await captureRootNs());
  expect(diff.changed, formatDiff(diff)).toBe(false);
}

beforeAll(async () => {
  clean = await residue([base]);
  expect(clean.netns, "another lab is up (namespaces are machine-wide): run `pnpm lab down` first").toEqual(
    [],
  );
  expect(clean.dirs).toEqual([]);
  rootBefore = await captureRootNs();
});

afterEach(async () => {
  await labDown({ stateDir });
});

afterAll(async () => {
  await labDown({ stateDir });
  await rm(badJson, { force: true });
});

describe("failed lab up", () => {
  it("SY_LAB_FAIL_AFTER=h2:containers fails naming the step and host, after h1 was fully up, and leaves nothing", async () => {
    const r = await lab(["up", "--hosts", "2", "--containers", "1", "--json"], {
      ...env,
      SY_LAB_FAIL_AFTER: "h2:containers",
    });
    expect(r.exitCode, show(r)).toBe(1);
    const { error } = failureSchema.parse(JSON.parse(r.stdout));
    expect(error).toMatchObject({ step: "containers", host: "h2" });
    expect(r.stderr).toContain('lab up failed at step "containers" on host h2');
    // h1 was completely up (dockerd, image, its container) before h2 failed.
    expect(r.stderr).toMatch(/h1: netns sy-h1, daemon.json .*, dockerd pid \d+, image .*, container c1/);
    expect(r.stderr).toMatch(/h2: dockerd pid \d+ answers/);
    await expectNothingLeft();
  });

  it("a --daemon-json that dockerd refuses ({bip: not-a-cidr}) fails at the dockerd step and leaves nothing", async () => {
    await writeFile(badJson, '{"bip":"not-a-cidr"}\n');
    const r = await lab(["up", "--hosts", "2", "--daemon-json", badJson, "--json"], env);
    expect(r.exitCode, show(r)).toBe(1);
    const { error } = failureSchema.parse(JSON.parse(r.stdout));
    expect(error).toMatchObject({ step: "dockerd", host: "h1" });
    // dockerd itself refused the option (its own words, from its log).
    expect(error.message).toContain("invalid CIDR address: not-a-cidr");
    await expectNothingLeft();
  });

  it("an interrupt (AbortSignal) while h2 starts rolls back both hosts", async () => {
    const abort = new AbortController();
    const attempt = labUp(
      { stateDir, runDir },
      {
        hosts: 2,
        containers: 1,
        signal: abort.signal,
        onProgress: (line) => {
          if (line.startsWith("h2: dockerd pid")) abort.abort(new Error("interrupted"));
        },
      },
    );
    await expect(attempt).rejects.toBeInstanceOf(LabError);
    await expect(attempt).rejects.toThrow(/step "image" on host h2: interrupted/);
    await expectNothingLeft();
  });

  it("a failure while adding h2 to a running lab removes h2 only; h1 keeps its dockerd", async () => {
    await labUp({ stateDir, runDir }, { hosts: 1, containers: 1 });
    const [before] = (await labStatus({ stateDir })).hosts;
    const r = await lab(["up", "--hosts", "2", "--containers", "2"], {
      ...env,
      SY_LAB_FAIL_AFTER: "h2:dockerd",
    });
    expect(r.exitCode, show(r)).toBe(1);
    expect(r.stderr).toContain('lab up failed at step "dockerd" on host h2');

    const after = await labStatus({ stateDir });
    expect(after.hosts.map((h) => h.name)).toEqual(["h1"]);
    const [h1] = after.hosts;
    expect(h1?.dockerd).toEqual(before?.dockerd);
    // c2 on h1 was created by the failed call, so it went too; c1 stayed.
    expect(h1?.containers.map((c) => [c.name, c.state])).toEqual([["c1", "running"]]);
    expect(after.foreignNetns).toEqual([]);

    const down = await lab(["down", "--json"], env);
    expect(down.exitCode, show(down)).toBe(0);
    await expectNothingLeft();
  });

  it("`lab down` with nothing up succeeds and changes nothing", async () => {
    const r = await lab(["down", "--json"], env);
    expect(r.exitCode, show(r)).toBe(0);
    await expectNothingLeft();
  });
});
