import { describe, expect, it } from "vitest";
import {
  dockerdArgv,
  imageTarArgv,
  labContainerSpec,
  loopbackUpArgv,
  netnsAddArgv,
  netnsDeleteArgv,
  restartDockerArgv,
  umountArgv,
} from "./commands.ts";
import { hostPaths, REPO_ROOT } from "./config.ts";

const h1 = hostPaths({ stateDir: "/var/lib/sy-lab", runDir: "/run/sy-lab" }, 1);

describe("commands the lab spawns (argv arrays)", () => {
  it("dockerd runs in the host's netns via nsenter with its own config, roots, socket, pidfile, vfs, cgroup", () => {
    expect(dockerdArgv(h1)).toEqual([
      "nsenter",
      "--net=/var/run/netns/sy-h1",
      "dockerd",
      "--config-file",
      "/var/lib/sy-lab/h1/daemon.json",
      "--data-root",
      "/var/lib/sy-lab/h1/data",
      "--exec-root",
      "/run/sy-lab/h1/exec",
      "-H",
      "unix:///run/sy-lab/h1/docker.sock",
      "--pidfile",
      "/run/sy-lab/h1/docker.pid",
      "--storage-driver",
      "vfs",
      "--cgroup-parent",
      "/sy-lab-h1",
    ]);
  });

  it("namespaces are added, given a loopback, and deleted by name", () => {
    expect(netnsAddArgv("sy-h1")).toEqual(["ip", "netns", "add", "sy-h1"]);
    expect(loopbackUpArgv("sy-h1")).toEqual(["ip", "-n", "sy-h1", "link", "set", "lo", "up"]);
    expect(netnsDeleteArgv("sy-h1")).toEqual(["ip", "netns", "delete", "sy-h1"]);
  });

  it("restartDocker works from any directory and names a non-default state dir", () => {
    expect(restartDockerArgv("h1", "/var/lib/sy-lab")).toEqual([
      "pnpm",
      "--silent",
      "--dir",
      REPO_ROOT,
      "lab",
      "restart-docker",
      "h1",
    ]);
    expect(restartDockerArgv("h2", "/tmp/lab/state").slice(-3)).toEqual([
      "h2",
      "--state-dir",
      "/tmp/lab/state",
    ]);
  });

  it("the image tar is owned by root and umount falls back to lazy", () => {
    expect(imageTarArgv("/x/root")).toEqual([
      "tar",
      "-C",
      "/x/root",
      "--numeric-owner",
      "--owner=0",
      "--group=0",
      "-c",
      ".",
    ]);
    expect(umountArgv("/m", false)).toEqual(["umount", "/m"]);
    expect(umountArgv("/m", true)).toEqual(["umount", "-l", "/m"]);
  });

  it("lab containers have no network, come back after a Docker restart, and stop fast", () => {
    expect(labContainerSpec("h1")).toEqual({
      Image: "switchyard-lab/busybox:latest",
      Cmd: ["sleep", "1d"],
      Labels: { "dev.switchyard.lab": "h1" },
      StopTimeout: 2,
      HostConfig: { NetworkMode: "none", RestartPolicy: { Name: "unless-stopped" }, Init: true },
    });
  });
});
