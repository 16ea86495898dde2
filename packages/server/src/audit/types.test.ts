import { describe, expect, it } from "vitest";
import { REDACTED } from "./redact.ts";
import { auditEventInputSchema, auditFilterSchema, auditPageSchema, MAX_PARAMS_BYTES } from "./types.ts";

const minimal = { actorType: "user", action: "auth.sign_in" } as const;

describe("AuditEventInput", () => {
  it("fills defaults: no targets, empty params, outcome succeeded, nulls elsewhere", () => {
    expect(auditEventInputSchema.parse(minimal)).toEqual({
      actorType: "user",
      actorId: null,
      actorName: null,
      role: null,
      sourceIp: null,
      userAgent: null,
      action: "auth.sign_in",
      targetHosts: [],
      targetObjects: [],
      requestId: null,
      operationId: null,
      params: {},
      decision: null,
      outcome: "succeeded",
      error: null,
      beforeDigest: null,
      afterDigest: null,
    });
  });

  it("redacts params on the way in", () => {
    const parsed = auditEventInputSchema.parse({ ...minimal, params: { username: "ada", password: "p" } });
    expect(parsed.params).toEqual({ username: "ada", password: REDACTED });
  });

  it("rejects what the calling code decides when malformed: action shape, enums, digests, target count, params size", () => {
    for (const bad of [
      { ...minimal, action: "signin" },
      { ...minimal, action: "Auth.SignIn" },
      { ...minimal, actorType: "robot" },
      { ...minimal, outcome: "maybe" },
      { ...minimal, targetHosts: Array.from({ length: 10_001 }, (_, i) => `h${i}`) },
      { ...minimal, beforeDigest: "not-hex" },
      { ...minimal, params: { blob: "x".repeat(MAX_PARAMS_BYTES) } },
    ]) {
      expect(auditEventInputSchema.safeParse(bad).success, JSON.stringify(bad).slice(0, 80)).toBe(false);
    }
  });

  it("truncates text that can come from a request instead of failing the action", () => {
    const parsed = auditEventInputSchema.parse({
      ...minimal,
      userAgent: "u".repeat(5000),
      actorName: "n".repeat(500),
      actorId: "i".repeat(500),
      requestId: "",
      error: "e".repeat(10_000),
      targetHosts: ["h".repeat(1000), "", "h-1"],
    });
    expect(parsed.userAgent).toHaveLength(512);
    expect(parsed.actorName).toHaveLength(200);
    expect(parsed.actorId).toHaveLength(200);
    expect(parsed.requestId).toBeNull();
    expect(parsed.error).toHaveLength(4000);
    expect(parsed.error?.endsWith("…")).toBe(true);
    expect(parsed.targetHosts).toEqual([`${"h".repeat(199)}…`, "h-1"]);
  });
});

describe("filters and pages", () => {
  it("accepts exact and prefix actions, ISO dates, one or several outcomes", () => {
    const f = auditFilterSchema.parse({
      action: "auth.*",
      from: "2026-01-01T00:00:00Z",
      outcome: ["failed", "denied"],
    });
    expect(f.from).toEqual(new Date("2026-01-01T00:00:00Z"));
    expect(auditFilterSchema.safeParse({ action: "auth.sign_in" }).success).toBe(true);
    expect(auditFilterSchema.safeParse({ action: "auth%" }).success).toBe(false);
  });

  it("caps a page at 200 rows and defaults to 50", () => {
    expect(auditPageSchema.parse({}).limit).toBe(50);
    expect(auditPageSchema.safeParse({ limit: 201 }).success).toBe(false);
    expect(auditPageSchema.safeParse({ cursor: 0 }).success).toBe(false);
  });
});
