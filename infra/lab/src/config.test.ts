import { describe, expect, it } from "vitest";
import { hostPaths, isInside, labDirSchema, runDirSchema } from "./config.ts";

describe("lab host naming", () => {
  it("host 3 of a lab in /tmp/l gets sy-h3, its own folders, socket, pidfile and cgroup", () => {
    expect(hostPaths({ stateDir: "/tmp/l/state", runDir: "/tmp/l/run" }, 3)).toEqual({
      name: "h3",
      index: 3,
      netns: "sy-h3",
      netnsPath: "/var/run/netns/sy-h3",
      stateDir: "/tmp/l/state/h3",
      dataRoot: "/tmp/l/state/h3/data",
      daemonJson: "/tmp/l/state/h3/daemon.json",
      logFile: "/tmp/l/state/h3/dockerd.log",
      runDir: "/tmp/l/run/h3",
      execRoot: "/tmp/l/run/h3/exec",
      socket: "/tmp/l/run/h3/docker.sock",
      pidfile: "/tmp/l/run/h3/docker.pid",
      cgroupParent: "/sy-lab-h3",
    });
  });

  it("isInside does not confuse h1 with h10", () => {
    expect(isInside("/run/sy-lab/h1/exec", "/run/sy-lab/h1")).toBe(true);
    expect(isInside("/run/sy-lab/h1", "/run/sy-lab/h1")).toBe(true);
    expect(isInside("/run/sy-lab/h10", "/run/sy-lab/h1")).toBe(false);
  });

  it.each(["/", "/var", "var/lib/x", "/var/lib/x/", "/var//lib", "/var/lib/../x", "/tmp/a b"])(
    "lab folder %j is refused",
    (dir) => {
      expect(labDirSchema.safeParse(dir).success).toBe(false);
    },
  );

  it("a run folder whose containerd socket path would not fit in sun_path is refused", () => {
    expect(runDirSchema.safeParse("/run/sy-lab").success).toBe(true);
    expect(runDirSchema.safeParse(`/tmp/${"x".repeat(60)}`).success).toBe(true);
    expect(runDirSchema.safeParse(`/tmp/${"x".repeat(62)}`).success).toBe(false);
  });
});
