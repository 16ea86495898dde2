import { describe, expect, it } from "vitest";
import { AgentCloseCode, agentCloseReason } from "./close-codes.ts";

describe("agent close codes", () => {
  it("are unique, in the application range or 1001, and each has a reason that fits a close frame", () => {
    const codes = Object.values(AgentCloseCode);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) {
      expect(code === 1001 || (code >= 4000 && code <= 4999)).toBe(true);
      const reason = agentCloseReason[code];
      expect(reason.length).toBeGreaterThan(0);
      expect(Buffer.byteLength(reason)).toBeLessThanOrEqual(123);
    }
  });
});
