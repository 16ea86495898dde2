import { describe, expect, it } from "vitest";
import { parseConfig } from "./config.ts";

const ok = (argv: string[], env: Record<string, string> = {}, fileText?: string) => {
  const r = parseConfig({ argv, env, fileText, filePath: "/etc/switchyard-agent.json" });
  if (!r.ok) throw new Error(r.problems.join("\n"));
  return r.value;
};
const problems = (argv: string[], env: Record<string, string> = {}, fileText?: string) => {
  const r = parseConfig({ argv, env, fileText, filePath: "/etc/switchyard-agent.json" });
  if (r.ok) throw new Error("expected problems");
  return r.problems;
};

describe("agent config", () => {
  it("run with only --server gets the production defaults", () => {
    const inv = ok(["run", "--server", "https://switchyard.example"]);
    expect(inv.command).toBe("run");
    expect(inv.config).toMatchObject({
      server: "https://switchyard.example",
      stateDir: "/var/lib/switchyard-agent",
      dockerSocket: "/var/run/docker.sock",
      daemonJson: "/etc/docker/daemon.json",
      dockerOptsFile: "/etc/default/docker",
      restartDocker: ["systemctl", "restart", "docker"],
      labels: {},
      logLevel: "info",
      backoffBaseMs: 500,
      backoffCapMs: 30_000,
      debounceMs: 300,
    });
    expect(inv.config.netns).toBeUndefined();
  });

  it("collect needs no server; run without one is a problem that names --server", () => {
    expect(ok(["collect", "--json"]).json).toBe(true);
    expect(problems(["run"])).toEqual([expect.stringContaining("--server")]);
  });

  it("flags beat the environment, which beats the file", () => {
    const file = JSON.stringify({
      server: "http://file:1",
      hostName: "from-file",
      logLevel: "debug",
      labels: { a: "file" },
    });
    const inv = ok(
      ["--server", "http://flag:1", "--label", "b=flag"],
      { SWITCHYARD_AGENT_SERVER: "http://env:1", SWITCHYARD_AGENT_HOST_NAME: "from-env" },
      file,
    );
    expect(inv.config.server).toBe("http://flag:1");
    expect(inv.config.hostName).toBe("from-env");
    expect(inv.config.logLevel).toBe("debug");
    expect(inv.config.labels).toEqual({ b: "flag" });
  });

  it("labels: repeatable flags and a comma list in the environment", () => {
    expect(ok(["collect", "--label", "lab=true", "--label", "env=staging"]).config.labels).toEqual({
      lab: "true",
      env: "staging",
    });
    expect(ok(["collect"], { SWITCHYARD_AGENT_LABELS: "a=1, b=2" }).config.labels).toEqual({
      a: "1",
      b: "2",
    });
  });

  it("--restart-docker is a JSON argv array", () => {
    expect(
      ok(["collect", "--restart-docker", '["pnpm","lab","restart-docker","h1"]']).config.restartDocker,
    ).toEqual(["pnpm", "lab", "restart-docker", "h1"]);
  });

  it("reports every problem at once, each naming its option and source", () => {
    const p = problems(
      [
        "run",
        "--server",
        "ftp://x",
        "--restart-docker",
        "[]",
        "--label",
        "BAD=1",
        "--label",
        "novalue",
        "--netns",
        "../etc",
        "--state-dir",
        "relative/dir",
        "--log-level",
        "loud",
        "--backoff-base-ms",
        "abc",
      ],
      { SWITCHYARD_AGENT_ENROLLMENT_TOKEN: "short" },
    );
    const text = p.join("\n");
    for (const needle of [
      "--server: must be an http:// or https:// URL",
      "--restart-docker: must be a non-empty JSON array of strings",
      'label key "BAD"',
      '"novalue" is not key=value',
      "--netns: must be a namespace name",
      "--state-dir: must be an absolute path",
      "--log-level: must be one of debug, info, warn, error",
      "--backoff-base-ms: must be a number of milliseconds",
      "SWITCHYARD_AGENT_ENROLLMENT_TOKEN (environment): must be at least 16 characters",
    ]) {
      expect(text).toContain(needle);
    }
    expect(p.length).toBeGreaterThanOrEqual(9);
  });

  it("a bad config file is named: not JSON, not an object, unknown keys, bad values", () => {
    expect(problems(["collect"], {}, "{nope")).toEqual([
      expect.stringContaining("config file /etc/switchyard-agent.json: not valid JSON"),
    ]);
    expect(problems(["collect"], {}, "[1]")).toEqual([expect.stringContaining("must be a JSON object")]);
    const p = problems(
      ["collect"],
      {},
      JSON.stringify({ srever: "x", dockerSocket: "rel", restartDocker: "systemctl restart docker" }),
    );
    expect(p.join("\n")).toContain('unknown key "srever"');
    expect(p.join("\n")).toContain('"dockerSocket" in the config file: must be an absolute path');
    expect(p.join("\n")).toContain('"restartDocker" in the config file: must be a JSON array of strings');
  });

  it("unknown flags, unknown commands and --json outside collect are problems", () => {
    expect(problems(["--nope"]).join()).toContain("--nope");
    expect(problems(["explode", "--server", "http://x"]).join()).toContain('unknown command "explode"');
    expect(problems(["run", "--json", "--server", "http://x"]).join()).toContain(
      "--json applies only to `collect`",
    );
  });

  it("a server URL with credentials, a query or a fragment is refused (credentials never in URLs)", () => {
    expect(problems(["run", "--server", "http://u:p@host"]).join()).toContain("must not carry credentials");
    expect(problems(["run", "--server", "http://host/?token=x"]).join()).toContain("must not carry a query");
  });

  it("help needs nothing else", () => {
    expect(ok(["--help"]).command).toBe("help");
    expect(ok(["help"]).command).toBe("help");
  });
});
