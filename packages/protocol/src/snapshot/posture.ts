// A container's isolation posture: which namespaces it shares with the host, its cgroup limits,
// its capabilities, and the two flags that make a container as good as root on the host.
import { z } from "zod";
import { availableSchema } from "../available.ts";

/** One namespace of a container. */
export const NamespaceShare = z.object({
  /** Inode of the container's namespace of this type (`readlink /proc/<pid>/ns/<type>`). */
  inode: z.int().nonnegative(),
  /** True when it is the host's namespace of that type (the lab host's for `net`, the machine's init namespaces otherwise); null when the host's could not be read. */
  sharedWithHost: z.boolean().nullable(),
});
export type NamespaceShare = z.infer<typeof NamespaceShare>;

/** The namespaces of a container's init process. A type the kernel does not expose is null. */
export const ContainerNamespaces = z.object({
  /** PID namespace (`--pid=host` shares it). */
  pid: NamespaceShare.nullable(),
  /** Network namespace (`--net=host` shares it). */
  net: NamespaceShare.nullable(),
  /** IPC namespace (`--ipc=host`). */
  ipc: NamespaceShare.nullable(),
  /** UTS namespace, hostname (`--uts=host`). */
  uts: NamespaceShare.nullable(),
  /** Mount namespace (never shared by Docker). */
  mnt: NamespaceShare.nullable(),
  /** User namespace (shared unless userns-remap: root in the container is root on the host). */
  user: NamespaceShare.nullable(),
  /** Cgroup namespace (Docker 20.10 on cgroup v1 shares it by default: `CgroupnsMode: host`). */
  cgroup: NamespaceShare.nullable(),
});
export type ContainerNamespaces = z.infer<typeof ContainerNamespaces>;

/** Resource limits from the container's cgroup. Null means unlimited (or not set). */
export const CgroupLimits = z.object({
  /** Cgroup hierarchy the limits were read from. */
  version: z.enum(["v1", "v2"]),
  /** Memory limit in bytes (`--memory`); null when unlimited. */
  memoryLimitBytes: z.int().nonnegative().nullable(),
  /** CPU quota in microseconds per period (`--cpus 0.5` = 50000 of 100000); null when unlimited. */
  cpuQuota: z.int().nonnegative().nullable(),
  /** CPU period in microseconds; null when unknown. */
  cpuPeriod: z.int().positive().nullable(),
  /** cgroup v1 cpu.shares (relative weight, 1024 = default); null on v2. */
  cpuShares: z.int().nonnegative().nullable(),
  /** cgroup v2 cpu.weight (1–10000, 100 = default); null on v1. */
  cpuWeight: z.int().nonnegative().nullable(),
  /** Maximum number of tasks (`--pids-limit`); null when unlimited. */
  pidsLimit: z.int().nonnegative().nullable(),
});
export type CgroupLimits = z.infer<typeof CgroupLimits>;

/** Capabilities of the container's init process, decoded from /proc/<pid>/status. */
export const Capabilities = z.object({
  /** Effective set (CapEff) as kernel names ("CAP_NET_ADMIN"); a bit this model does not know is "CAP_BIT_<n>". */
  effective: z.array(z.string().max(64)),
  /** Bounding set (CapBnd); null when not read. */
  bounding: z.array(z.string().max(64)).nullable(),
  /** Effective capabilities beyond Docker's default set (`--cap-add`, `--privileged`). */
  addedToDockerDefault: z.array(z.string().max(64)),
  /** Capabilities of Docker's default set that are not effective (`--cap-drop`). */
  droppedFromDockerDefault: z.array(z.string().max(64)),
});
export type Capabilities = z.infer<typeof Capabilities>;

/** The isolation posture of one container. */
export const ContainerPosture = z.object({
  /** Its namespaces and which are the host's. */
  namespaces: availableSchema(ContainerNamespaces),
  /** Its cgroup limits. */
  cgroup: availableSchema(CgroupLimits),
  /** Its capabilities. */
  capabilities: availableSchema(Capabilities),
  /** `HostConfig.Privileged` (all capabilities, all devices). */
  privileged: z.boolean(),
  /** True when a Docker socket is bind-mounted into it (control of the daemon = root on the host). */
  dockerSocketMounted: z.boolean(),
});
export type ContainerPosture = z.infer<typeof ContainerPosture>;
