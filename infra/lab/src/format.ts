// Human-readable output of the CLI (the --json output is the reports themselves). Pure.
import type { DownReport } from "./down.ts";
import type { RestartReport } from "./restart.ts";
import type { LabStatus } from "./status.ts";
import type { UpReport } from "./up.ts";

/** Left-aligned columns separated by two spaces. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)].join("\n");
}

export function formatStatus(status: LabStatus): string {
  if (status.hosts.length === 0) {
    return `no lab hosts (state dir ${status.stateDir})${foreign(status.foreignNetns)}`;
  }
  const rows = status.hosts.map((h) => [
    h.name,
    `${h.netns}${h.netnsExists ? "" : " (missing)"}`,
    h.socket,
    h.daemonJson,
    h.dockerd.pid === null ? "-" : String(h.dockerd.pid),
    h.dockerd.answering ? "yes" : "no",
    h.containers.map((c) => `${c.name}:${c.state}`).join(",") || "-",
    h.agent === null
      ? "-"
      : `${h.agent.pid ?? "-"} ${h.agent.state ?? (h.agent.running ? "running" : "stopped")}`,
  ]);
  const restart = status.hosts.map((h) => `  ${h.name}: ${h.restartDocker.join(" ")}`);
  return (
    [
      table(
        ["HOST", "NETNS", "DOCKER SOCKET", "DAEMON.JSON", "DOCKERD", "ANSWERS", "CONTAINERS", "AGENT"],
        rows,
      ),
      "",
      "restart Docker:",
      ...restart,
    ].join("\n") + foreign(status.foreignNetns)
  );
}

function foreign(netns: readonly string[]): string {
  return netns.length > 0 ? `\nnot this lab's: ${netns.join(", ")}` : "";
}

export function formatUp(report: UpReport): string {
  const rows = report.hosts.map((h) => [
    h.name,
    h.netns,
    h.socket,
    h.dockerdPid === null ? "-" : String(h.dockerdPid),
    h.containers.join(",") || "-",
    h.changed.length > 0 ? "created/started" : "unchanged",
  ]);
  const agents = report.agents.map(
    (a) =>
      `  ${a.host}: agent pid ${a.pid}${a.started ? "" : " (already running)"}${a.connected ? ", connected" : ", not connected yet"}`,
  );
  return [
    table(["HOST", "NETNS", "DOCKER SOCKET", "DOCKERD", "CONTAINERS", "THIS RUN"], rows),
    ...(agents.length > 0 ? ["agents:", ...agents] : []),
    `lab up in ${report.ms} ms (state ${report.stateFile})`,
  ].join("\n");
}

export function formatDown(report: DownReport): string {
  const r = report.removed;
  const parts = [
    `hosts: ${r.hosts.join(", ") || "-"}`,
    `containers: ${r.containers.length}`,
    `processes: ${r.processes.length}`,
    `mounts: ${r.mounts.length}`,
    `namespaces: ${r.netns.join(", ") || "-"}`,
    `cgroup dirs: ${r.cgroups.length}`,
    `folders: ${r.dirs.length}`,
    `outside the lab folders: ${r.external.join(", ") || "-"}`,
  ];
  return [`lab down in ${report.ms} ms; removed`, ...parts.map((p) => `  ${p}`), ...report.notes].join("\n");
}

export function formatRestart(report: RestartReport): string {
  const containers = report.containers
    .map((c) => `${c.name}:${c.running ? "running" : "NOT running"}`)
    .join(", ");
  return `${report.host}: dockerd ${report.oldPid ?? "(none)"} -> ${report.newPid} in ${report.ms} ms; containers ${containers || "-"}`;
}
