import { describe, expect, it } from "vitest";
import { parseCli, UsageError } from "./args.ts";

const usageError = (argv: string[]): string => {
  try {
    parseCli(argv);
  } catch (err) {
    if (err instanceof UsageError) return err.message;
    throw err;
  }
  throw new Error(`expected ${JSON.stringify(argv)} to be rejected`);
};

describe("lab CLI arguments", () => {
  it("up --hosts 2 --containers 2 --json parses to numbers and flags", () => {
    expect(parseCli(["up", "--hosts", "2", "--containers", "2", "--json"])).toEqual({
      cmd: "up",
      hosts: 2,
      containers: 2,
      daemonJson: undefined,
      common: { json: true, stateDir: undefined, runDir: undefined },
    });
  });

  it("up without --containers starts no containers; --daemon-json and folders pass through", () => {
    expect(
      parseCli([
        "up",
        "--hosts=1",
        "--daemon-json",
        "bad.json",
        "--state-dir",
        "/tmp/a/state",
        "--run-dir",
        "/tmp/a/run",
      ]),
    ).toEqual({
      cmd: "up",
      hosts: 1,
      containers: 0,
      daemonJson: "bad.json",
      common: { json: false, stateDir: "/tmp/a/state", runDir: "/tmp/a/run" },
    });
  });

  it.each([
    [["up"], "--hosts: --hosts is required"],
    [["up", "--hosts", "abc"], "--hosts: must be a whole number from 1 to 16"],
    [["up", "--hosts", "0"], "--hosts: must be a whole number from 1 to 16"],
    [["up", "--hosts", "17"], "--hosts: must be a whole number from 1 to 16"],
    [["up", "--hosts", "1.5"], "--hosts: must be a whole number"],
    [["up", "--hosts", "2", "--containers", "-1"], "--containers"],
    [["up", "--hosts", "2", "extra"], "up takes no positional arguments"],
    [["status", "--hosts", "2"], "option --hosts does not apply here"],
    [["down", "--force"], "Unknown option '--force'"],
    [["restart-docker"], "<host>: restart-docker takes exactly one host"],
    [["restart-docker", "h1;reboot"], "<host>: <host> must look like h1"],
    [["restart-docker", "h1", "h2"], "<host>"],
    [["status", "--state-dir", "relative/dir"], "--state-dir: must be an absolute path"],
    [["status", "--state-dir", "/var"], "--state-dir: must be at least two levels deep"],
    [["status", "--state-dir", "/tmp/a/../b"], "--state-dir: must be normalised"],
    [["up", "--hosts", "1", "--run-dir", `/tmp/${"x".repeat(80)}`], "--run-dir: is too long"],
    [["frobnicate"], 'unknown command "frobnicate"'],
  ])("%j is refused with an error naming the field (%s)", (argv, expected) => {
    expect(usageError(argv)).toContain(expected);
  });

  it("help, --help and no arguments print usage", () => {
    expect(parseCli([])).toEqual({ cmd: "help" });
    expect(parseCli(["--help"])).toEqual({ cmd: "help" });
    expect(parseCli(["help"])).toEqual({ cmd: "help" });
  });

  it("restart-docker h2 --json names the host", () => {
    expect(parseCli(["restart-docker", "h2", "--json"])).toEqual({
      cmd: "restart-docker",
      host: "h2",
      common: { json: true, stateDir: undefined, runDir: undefined },
    });
  });
});
