// Valid example messages, shared by the protocol's tests.
import type { AgentToServer } from "./messages/agent-to-server.ts";
import type { ServerToAgent } from "./messages/server-to-agent.ts";
import type { HostSnapshot } from "./snapshot/host-snapshot.ts";

const HASH = "a".repeat(64);
const T = "2026-11-29T02:50:58.000Z";

/** The smallest valid snapshot: a host whose agent could read nothing but its own name. */
export const bareSnapshot: HostSnapshot = {
  schemaVersion: 1,
  host: {
    hostName: "sy-h1",
    machineId: { available: false, reason: "permission denied" },
    kernel: { available: true, value: "6.18.44-fc-v782" },
    os: {
      available: true,
      value: { id: "debian", versionId: "12", prettyName: "Debian GNU/Linux 12 (bookworm)" },
    },
    agentVersion: "0.1.0",
    ipForward: { available: true, value: true },
    bridgeNfCallIptables: { available: false, reason: "br_netfilter not loaded" },
    collectedAt: T,
  },
  namespaces: { available: false, reason: "permission denied" },
  bridges: { available: false, reason: "namespaces: permission denied" },
  iptables: { available: false, reason: "iptables-save: permission denied" },
  nftables: { available: false, reason: "nft not installed" },
  docker: { available: false, reason: "docker socket /var/run/docker.sock: ENOENT" },
  links: { available: false, reason: "namespaces: permission denied" },
};

const step = {
  step: "create veth A/B",
  argv: ["ip", "link", "add", "A", "netns", "/run/docker/netns/x", "type", "veth", "peer", "B"],
  exitCode: 0,
  stdout: "",
  stderr: "",
  startedAt: T,
  endedAt: T,
};

/** One valid example of every agent → server message type. */
export const agentExamples: AgentToServer[] = [
  {
    type: "hello",
    protocolVersion: 1,
    agentVersion: "0.1.0",
    bootId: "6f1c2d8e-3b7a-4e51-9a0c-1d2e3f4a5b6c",
    hostName: "sy-h1",
    labels: { env: "staging", "lab/host": "h1" },
    inFlightCommandIds: ["cmd-1"],
  },
  { type: "snapshot", hash: HASH, snapshot: bareSnapshot },
  {
    type: "snapshot_delta",
    baseHash: HASH,
    hash: "b".repeat(64),
    sections: { docker: { available: false, reason: "docker socket: ECONNREFUSED" } },
  },
  { type: "heartbeat", sentAt: T },
  { type: "command_progress", commandId: "cmd-1", step },
  {
    type: "command_result",
    commandId: "cmd-1",
    status: "rolled_back",
    steps: [step, { ...step, step: "undo: delete veth A", argv: ["ip", "link", "del", "A"], exitCode: null }],
    beforeHash: HASH,
    afterHash: HASH,
    error: { code: "step_failed", message: "ip route add: RTNETLINK answers: File exists" },
    finishedAt: T,
  },
  { type: "error", code: "unknown_type", message: 'unknown message type "reboot"' },
];

/** One valid example of every server → agent message type (and of each operation). */
export const serverExamples: ServerToAgent[] = [
  {
    type: "welcome",
    protocolVersion: 1,
    hostId: "host_01",
    reportIntervalMs: 30_000,
    heartbeatIntervalMs: 10_000,
    heartbeatGraceMs: 30_000,
    maxFrameBytes: 4 * 1024 * 1024,
    serverTime: T,
  },
  { type: "heartbeat", sentAt: T },
  { type: "command", commandId: "cmd-1", operation: "noop", params: {}, planHash: HASH, deadline: T },
  { type: "command", commandId: "cmd-2", operation: "collect_now", params: {}, planHash: HASH, deadline: T },
  { type: "snapshot_request", reason: "base_mismatch" },
  { type: "error", code: "snapshot_hash_mismatch", message: "delta result does not match its hash" },
];
