// Docker Engine API documents (API 1.41, dockerd 20.10; later versions add fields, which are
// ignored). Docker writes `null` for many empty lists and maps, so every list and map here is
// nullable and normalised to empty.
import { z } from "zod";
import type { Result } from "../result.ts";
import { parseJsonWith } from "./json.ts";

const list = <S extends z.ZodType>(item: S) =>
  z
    .array(item)
    .nullable()
    .optional()
    .transform((v) => v ?? []);
const map = <S extends z.ZodType>(value: S) =>
  z
    .record(z.string(), value)
    .nullable()
    .optional()
    .transform((v) => v ?? {});
const str = z
  .string()
  .nullable()
  .optional()
  .transform((v) => v ?? "");

/** `GET /version`. */
const VersionJson = z.object({ Version: z.string(), ApiVersion: z.string(), KernelVersion: str });
export type DockerVersion = { version: string; apiVersion: string; kernelVersion: string };

/** Parses `GET /version`. */
export function parseDockerVersion(input: unknown): Result<DockerVersion> {
  const parsed = parseJsonWith(input, VersionJson, "docker /version");
  if (!parsed.ok) return parsed;
  const v = parsed.value;
  return {
    ok: true,
    value: { version: v.Version, apiVersion: v.ApiVersion, kernelVersion: v.KernelVersion },
  };
}

/** `GET /info`, the few fields posture needs. */
const InfoJson = z.object({
  Name: str,
  ServerVersion: str,
  CgroupVersion: str,
  CgroupDriver: str,
  SecurityOptions: list(z.string()),
});
export interface DockerInfo {
  /** The daemon's host name. */
  name: string;
  /** Engine version. */
  serverVersion: string;
  /** "1" or "2". */
  cgroupVersion: string;
  /** "cgroupfs" or "systemd". */
  cgroupDriver: string;
  /** "name=seccomp,profile=default", "name=userns", "name=rootless", ... */
  securityOptions: string[];
}

/** Parses `GET /info`. */
export function parseDockerInfo(input: unknown): Result<DockerInfo> {
  const parsed = parseJsonWith(input, InfoJson, "docker /info");
  if (!parsed.ok) return parsed;
  const v = parsed.value;
  return {
    ok: true,
    value: {
      name: v.Name,
      serverVersion: v.ServerVersion,
      cgroupVersion: v.CgroupVersion,
      cgroupDriver: v.CgroupDriver,
      securityOptions: v.SecurityOptions,
    },
  };
}

/** `GET /containers/json?all=1`, one entry. */
const ContainerSummaryJson = z.object({
  Id: z.string(),
  Names: list(z.string()),
  Image: str,
  State: str,
  HostConfig: z.object({ NetworkMode: str }).nullable().optional(),
});
export interface DockerContainerSummary {
  /** Full id. */
  id: string;
  /** First name without the leading slash. */
  name: string;
  /** Image reference. */
  image: string;
  /** State ("running", "exited"). */
  state: string;
  /** Network mode. */
  networkMode: string;
}

/** Parses `GET /containers/json`. */
export function parseDockerContainerList(input: unknown): Result<DockerContainerSummary[]> {
  const parsed = parseJsonWith(input, z.array(ContainerSummaryJson), "docker /containers/json");
  if (!parsed.ok) return parsed;
  return {
    ok: true,
    value: parsed.value.map((c) => ({
      id: c.Id,
      name: stripSlash(c.Names[0] ?? c.Id.slice(0, 12)),
      image: c.Image,
      state: c.State,
      networkMode: c.HostConfig?.NetworkMode ?? "",
    })),
  };
}

const EndpointJson = z.object({
  NetworkID: str,
  IPAddress: str,
  IPPrefixLen: z.int().nullable().optional(),
  Gateway: str,
  MacAddress: str,
});

/** `GET /containers/{id}/json`. */
const ContainerInspectJson = z.object({
  Id: z.string(),
  Name: str,
  State: z.object({
    Status: str,
    Running: z.boolean().nullable().optional(),
    Pid: z.int().nullable().optional(),
    StartedAt: str,
  }),
  HostConfig: z
    .object({
      NetworkMode: str,
      Privileged: z.boolean().nullable().optional(),
      PidMode: str,
      IpcMode: str,
      UTSMode: str,
      UsernsMode: str,
      CgroupnsMode: str,
      CapAdd: list(z.string()),
      CapDrop: list(z.string()),
    })
    .nullable()
    .optional(),
  Mounts: list(z.object({ Type: str, Source: str, Destination: str })),
  Config: z.object({ Image: str }).nullable().optional(),
  NetworkSettings: z
    .object({ SandboxKey: str, Networks: map(EndpointJson) })
    .nullable()
    .optional(),
});

/** A container as netops uses it. */
export interface DockerContainerInspect {
  /** Full id. */
  id: string;
  /** Name without the leading slash. */
  name: string;
  /** Image reference as created (`Config.Image`). */
  image: string;
  /** State ("running", "exited", ...). */
  state: string;
  /** Host PID of its init process; null when not running (Docker reports 0). */
  pid: number | null;
  /** Last start; null when never started (Docker reports 0001-01-01). */
  startedAt: string | null;
  /** Network namespace file; null when not running (Docker reports ""). */
  sandboxKey: string | null;
  /** HostConfig.NetworkMode. */
  networkMode: string;
  /** HostConfig.Privileged. */
  privileged: boolean;
  /** HostConfig.PidMode, IpcMode, UTSMode, UsernsMode, CgroupnsMode ("" when private/default). */
  modes: { pid: string; ipc: string; uts: string; userns: string; cgroupns: string };
  /** HostConfig.CapAdd / CapDrop as given. */
  capAdd: string[];
  capDrop: string[];
  /** Mounts (bind mounts and volumes). */
  mounts: { type: string; source: string; destination: string }[];
  /** Endpoints per network name. */
  networks: {
    name: string;
    networkId: string;
    address: string;
    prefixLength: number;
    gateway: string;
    mac: string;
  }[];
}

/** Parses `GET /containers/{id}/json`. */
export function parseDockerContainerInspect(input: unknown): Result<DockerContainerInspect> {
  const parsed = parseJsonWith(input, ContainerInspectJson, "docker /containers/{id}/json");
  if (!parsed.ok) return parsed;
  const c = parsed.value;
  const hc = c.HostConfig;
  const pid = c.State.Pid ?? 0;
  return {
    ok: true,
    value: {
      id: c.Id,
      name: stripSlash(c.Name),
      image: c.Config?.Image ?? "",
      state: c.State.Status,
      pid: pid > 0 ? pid : null,
      // Docker's zero time means "never"; anything before 1970 is treated the same.
      startedAt: c.State.StartedAt && !c.State.StartedAt.startsWith("0001-") ? c.State.StartedAt : null,
      sandboxKey: c.NetworkSettings?.SandboxKey || null,
      networkMode: hc?.NetworkMode ?? "",
      privileged: hc?.Privileged ?? false,
      modes: {
        pid: hc?.PidMode ?? "",
        ipc: hc?.IpcMode ?? "",
        uts: hc?.UTSMode ?? "",
        userns: hc?.UsernsMode ?? "",
        cgroupns: hc?.CgroupnsMode ?? "",
      },
      capAdd: hc?.CapAdd ?? [],
      capDrop: hc?.CapDrop ?? [],
      mounts: c.Mounts.map((m) => ({ type: m.Type, source: m.Source, destination: m.Destination })),
      networks: Object.entries(c.NetworkSettings?.Networks ?? {}).map(([name, e]) => ({
        name,
        networkId: e.NetworkID,
        address: e.IPAddress,
        prefixLength: e.IPPrefixLen ?? 0,
        gateway: e.Gateway,
        mac: e.MacAddress,
      })),
    },
  };
}

/** `GET /networks/{id}` or one entry of `GET /networks`. */
const NetworkJson = z.object({
  Name: z.string(),
  Id: z.string(),
  Scope: str,
  Driver: str,
  Internal: z.boolean().nullable().optional(),
  IPAM: z
    .object({ Config: list(z.object({ Subnet: str, Gateway: str, IPRange: str })) })
    .nullable()
    .optional(),
  Options: map(z.string()),
  Containers: map(z.object({ Name: str, IPv4Address: str })),
});

/** A Docker network as netops uses it. */
export interface DockerNetworkInspect {
  /** Network id. */
  id: string;
  /** Name. */
  name: string;
  /** Driver ("bridge", "host", "null"). */
  driver: string;
  /** Scope ("local"). */
  scope: string;
  /** Internal (no route out). */
  internal: boolean;
  /** IPAM subnets. */
  subnets: { subnet: string; gateway: string | null; ipRange: string | null }[];
  /** Driver options ("com.docker.network.bridge.name": "docker0", ...). */
  options: Record<string, string>;
  /** Attached containers (only in `GET /networks/{id}`; the list endpoint leaves it empty). */
  containers: { id: string; name: string; ipv4Address: string }[];
}

/** Parses one network document. */
export function parseDockerNetwork(input: unknown): Result<DockerNetworkInspect> {
  const parsed = parseJsonWith(input, NetworkJson, "docker /networks/{id}");
  return parsed.ok ? { ok: true, value: toNetwork(parsed.value) } : parsed;
}

/** Parses `GET /networks`. */
export function parseDockerNetworkList(input: unknown): Result<DockerNetworkInspect[]> {
  const parsed = parseJsonWith(input, z.array(NetworkJson), "docker /networks");
  return parsed.ok ? { ok: true, value: parsed.value.map(toNetwork) } : parsed;
}

function toNetwork(n: z.output<typeof NetworkJson>): DockerNetworkInspect {
  return {
    id: n.Id,
    name: n.Name,
    driver: n.Driver,
    scope: n.Scope,
    internal: n.Internal ?? false,
    subnets: (n.IPAM?.Config ?? [])
      .filter((c) => c.Subnet !== "")
      .map((c) => ({ subnet: c.Subnet, gateway: c.Gateway || null, ipRange: c.IPRange || null })),
    options: n.Options,
    containers: Object.entries(n.Containers).map(([id, c]) => ({
      id,
      name: c.Name,
      ipv4Address: c.IPv4Address,
    })),
  };
}

function stripSlash(name: string): string {
  return name.startsWith("/") ? name.slice(1) : name;
}
