import { describe, expect, it } from "vitest";
import { AGENT_MAIN, agentArgv, agentEnv, agentStateDir } from "./agent.ts";
import { parseCli, UsageError } from "./args.ts";
import { hostPaths } from "./config.ts";

const h1 = hostPaths({ stateDir: "/var/lib/sy-lab", runDir: "/run/sy-lab" }, 1);

describe("lab agents", () => {
  it("each host's agent is pointed at its namespace, socket, daemon.json, restart command and own state dir", () => {
    expect(agentArgv(h1, "http://127.0.0.1:3000", "/var/lib/sy-lab", "/usr/bin/node")).toEqual([
      "/usr/bin/node",
      "--import",
      "tsx",
      AGENT_MAIN,
      "run",
      "--server",
      "http://127.0.0.1:3000",
      "--netns",
      "sy-h1",
      "--docker-socket",
      "/run/sy-lab/h1/docker.sock",
      "--daemon-json",
      "/var/lib/sy-lab/h1/daemon.json",
      "--restart-docker",
      expect.stringMatching(/^\["pnpm","--silent","--dir",".*","lab","restart-docker","h1"\]$/),
      "--host-name",
      "sy-h1",
      "--state-dir",
      "/var/lib/sy-lab/h1/agent",
      "--label",
      "lab=true",
    ]);
    expect(agentStateDir(h1)).toBe("/var/lib/sy-lab/h1/agent");
  });

  it("the enrollment token goes in the environment, never the argv", () => {
    const argv = agentArgv(h1, "http://127.0.0.1:3000", "/var/lib/sy-lab");
    expect(argv.join(" ")).not.toContain("syen_");
    expect(agentEnv("syen_abcdefghijklmnopqrstuvwxyz").SWITCHYARD_AGENT_ENROLLMENT_TOKEN).toBe(
      "syen_abcdefghijklmnopqrstuvwxyz",
    );
    expect(agentEnv(undefined).SWITCHYARD_AGENT_ENROLLMENT_TOKEN).toBeUndefined();
  });

  it("up --server URL --token T parses; --token without --server and a non-http server are usage errors", () => {
    expect(
      parseCli([
        "up",
        "--hosts",
        "3",
        "--server",
        "http://127.0.0.1:3000",
        "--token",
        "syen_0123456789abcdef",
      ]),
    ).toMatchObject({
      cmd: "up",
      hosts: 3,
      server: "http://127.0.0.1:3000",
      token: "syen_0123456789abcdef",
    });
    const error = (argv: string[]) => {
      try {
        parseCli(argv);
      } catch (err) {
        if (err instanceof UsageError) return err.message;
      }
      return "";
    };
    expect(error(["up", "--hosts", "1", "--token", "syen_0123456789abcdef"])).toContain(
      "--token: needs --server",
    );
    expect(error(["up", "--hosts", "1", "--server", "ftp://x"])).toContain(
      "--server: must be an http:// or https:// URL",
    );
    expect(error(["up", "--hosts", "1", "--server", "http://x", "--token", "short"])).toContain("--token");
    expect(error(["status", "--server", "http://x"])).toContain("does not apply");
  });
});
