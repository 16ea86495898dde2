import { describe, expect, it } from "vitest";
import { z } from "zod";
import { available, availableSchema, unavailable, valueOr } from "./available.ts";
import { agentExamples, bareSnapshot, serverExamples } from "./examples.test-support.ts";
import { AGENT_MESSAGE_TYPES, AgentToServer } from "./messages/agent-to-server.ts";
import { ENROLL_REFUSED, EnrollRefused, EnrollRequest, EnrollResponse } from "./messages/enrollment.ts";
import { SERVER_MESSAGE_TYPES, ServerToAgent } from "./messages/server-to-agent.ts";
import { OPERATION_CATALOG } from "./operations.ts";
import { HostSnapshot, SNAPSHOT_SECTIONS, SnapshotSections } from "./snapshot/host-snapshot.ts";
import { MAX_FRAME_BYTES, PROTOCOL_VERSION } from "./version.ts";

describe("protocol v1", () => {
  it("states its version and frame limit", () => {
    expect(PROTOCOL_VERSION).toBe(1);
    expect(MAX_FRAME_BYTES).toBe(4_194_304);
  });

  it("lists exactly the message types of each union", () => {
    expect(new Set(agentExamples.map((m) => m.type))).toEqual(new Set(AGENT_MESSAGE_TYPES));
    expect(new Set(serverExamples.map((m) => m.type))).toEqual(new Set(SERVER_MESSAGE_TYPES));
    for (const m of agentExamples) expect(AgentToServer.safeParse(m).success).toBe(true);
    for (const m of serverExamples) expect(ServerToAgent.safeParse(m).success).toBe(true);
  });

  it("has a command example for every operation in the catalog, each marked read or write", () => {
    const operations = serverExamples.flatMap((m) => (m.type === "command" ? [m.operation] : []));
    expect(new Set(operations)).toEqual(new Set(Object.keys(OPERATION_CATALOG)));
    for (const entry of Object.values(OPERATION_CATALOG)) expect(["read", "write"]).toContain(entry.access);
  });

  it("refuses a command deadline or plan hash that is not well-formed", () => {
    const command = serverExamples.find((m) => m.type === "command");
    expect(ServerToAgent.safeParse({ ...command, deadline: "tomorrow" }).success).toBe(false);
    expect(ServerToAgent.safeParse({ ...command, planHash: "ABC" }).success).toBe(false);
  });

  it("accepts the bare snapshot and refuses one that fakes an unavailable section", () => {
    expect(HostSnapshot.safeParse(bareSnapshot).success).toBe(true);
    expect(HostSnapshot.safeParse({ ...bareSnapshot, docker: { available: false } }).success).toBe(false);
    expect(
      HostSnapshot.safeParse({ ...bareSnapshot, docker: { available: true, reason: "x" } }).success,
    ).toBe(false);
    expect(HostSnapshot.safeParse({ ...bareSnapshot, schemaVersion: 2 }).success).toBe(false);
  });

  it("lets a delta replace any section but not none", () => {
    expect(SNAPSHOT_SECTIONS).toEqual([
      "host",
      "namespaces",
      "bridges",
      "iptables",
      "nftables",
      "docker",
      "links",
    ]);
    expect(SnapshotSections.safeParse({}).success).toBe(false);
    expect(SnapshotSections.safeParse({ host: bareSnapshot.host }).success).toBe(true);
  });

  it("defines the enrollment exchange, with one answer for every refusal", () => {
    expect(
      EnrollRequest.safeParse({
        protocolVersion: 1,
        enrollmentToken: "syet_0123456789abcdef",
        hostName: "sy-h1",
        agentVersion: "0.1.0",
        machineId: null,
        labels: {},
      }).success,
    ).toBe(true);
    expect(EnrollRequest.safeParse({ protocolVersion: 1, enrollmentToken: "short" }).success).toBe(false);
    expect(
      EnrollResponse.safeParse({
        hostId: "host_01",
        agentId: "agent_01",
        credential: "x".repeat(43),
        protocolVersion: 1,
      }).success,
    ).toBe(true);
    expect(EnrollRefused.parse(ENROLL_REFUSED)).toEqual(ENROLL_REFUSED);
  });

  it("refuses labels it cannot store", () => {
    const hello = agentExamples[0];
    expect(AgentToServer.safeParse({ ...hello, labels: { "Bad Key": "x" } }).success).toBe(false);
    const many = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, "v"]));
    expect(AgentToServer.safeParse({ ...hello, labels: many }).success).toBe(false);
  });
});

describe("Available<T>", () => {
  it("is a value or a reason, never both", () => {
    const schema = availableSchema(z.number());
    expect(schema.parse(available(3))).toEqual({ available: true, value: 3 });
    expect(schema.parse(unavailable("no root"))).toEqual({ available: false, reason: "no root" });
    expect(schema.safeParse({ available: true }).success).toBe(false);
    expect(valueOr(available(3), null)).toBe(3);
    expect(valueOr(unavailable("x"), null)).toBeNull();
  });
});
