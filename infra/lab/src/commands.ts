// Every command the lab spawns, built as an argv array (never a shell string). Pure, so the exact
// command lines are unit-tested and documented in one place.
import { DEFAULT_STATE_DIR, type HostPaths, IMAGE_REF, LAB_LABEL, REPO_ROOT } from "./config.ts";

export function netnsAddArgv(netns: string): string[] {
  return ["ip", "netns", "add", netns];
}

export function loopbackUpArgv(netns: string): string[] {
  return ["ip", "-n", netns, "link", "set", "lo", "up"];
}

export function netnsDeleteArgv(netns: string): string[] {
  return ["ip", "netns", "delete", netns];
}

/**
 * dockerd inside the host's namespace. `nsenter --net` (not `ip netns exec`, which remounts /sys
 * and hides the cgroup mounts: "Devices cgroup isn't mounted"). nsenter execs dockerd, so the
 * spawned pid is dockerd's pid.
 */
export function dockerdArgv(host: HostPaths): string[] {
  return [
    "nsenter",
    `--net=${host.netnsPath}`,
    "dockerd",
    "--config-file",
    host.daemonJson,
    "--data-root",
    host.dataRoot,
    "--exec-root",
    host.execRoot,
    "-H",
    `unix://${host.socket}`,
    "--pidfile",
    host.pidfile,
    "--storage-driver",
    "vfs",
    "--cgroup-parent",
    host.cgroupParent,
  ];
}

/** A tar stream of the image's root, owned by root whatever the builder's uid. */
export function imageTarArgv(root: string): string[] {
  return ["tar", "-C", root, "--numeric-owner", "--owner=0", "--group=0", "-c", "."];
}

export function umountArgv(mountPoint: string, lazy: boolean): string[] {
  return lazy ? ["umount", "-l", mountPoint] : ["umount", mountPoint];
}

/** The command an agent (or a person) runs to restart one lab host's Docker. */
export function restartDockerArgv(host: string, stateDir: string): string[] {
  const argv = ["pnpm", "--silent", "--dir", REPO_ROOT, "lab", "restart-docker", host];
  return stateDir === DEFAULT_STATE_DIR ? argv : [...argv, "--state-dir", stateDir];
}

/**
 * The Engine API body for a lab container: no network (the seed wires links by hand), restarted
 * by dockerd after a Docker restart (no live-restore), and with an init so `sleep` as a child of
 * PID 1 dies on SIGTERM at once (a bare `sleep` as PID 1 ignores it and costs 10 s per stop).
 */
export function labContainerSpec(host: string) {
  return {
    Image: IMAGE_REF,
    Cmd: ["sleep", "1d"],
    Labels: { [LAB_LABEL]: host },
    StopTimeout: 2,
    HostConfig: { NetworkMode: "none", RestartPolicy: { Name: "unless-stopped" }, Init: true },
  };
}
