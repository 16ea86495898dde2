import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validateMtu } from "./mtu.ts";

describe("validateMtu (RELIABILITY 14)", () => {
  it.each([
    [-1, "between 68 and 65535 (got -1)"],
    [0, "between 68 and 65535 (got 0)"],
    [67, "between 68 and 65535 (got 67)"],
    [65536, "between 68 and 65535 (got 65536)"],
    ["1500a", "must be an integer"],
    ["-1", "between 68 and 65535"],
    ["0", "between 68 and 65535"],
    ["67", "between 68 and 65535"],
    ["65536", "between 68 and 65535"],
    [1500.5, "must be an integer"],
    ["1500.0", "must be an integer"],
    ["01500", "must be an integer"],
    [" 1500", "must be an integer"],
    ["1e3", "must be an integer"],
    ["", "must be an integer"],
    [Number.NaN, "must be an integer"],
    [Number.POSITIVE_INFINITY, "must be an integer"],
    [null, "must be an integer"],
    [true, "must be an integer"],
  ])("refuses %j", (value, problem) => {
    const result = validateMtu(value, { field: "bridge.mtu" });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.field).toBe("bridge.mtu");
      expect(result.message).toMatch(/^bridge\.mtu /);
      expect(result.message).toContain(problem);
    }
  });

  it.each([
    [68, 68],
    [1500, 1500],
    ["1450", 1450],
    [65535, 65535],
  ])("accepts %j", (value, expected) => {
    expect(validateMtu(value)).toEqual({ ok: true, value: expected });
  });

  it("requires 1280 or more where IPv6 runs", () => {
    expect(validateMtu(1279, { ipv6: true }).ok).toBe(false);
    expect(validateMtu(1280, { ipv6: true }).ok).toBe(true);
  });

  it("accepts exactly the integers 68–65535, whatever it is given", () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.double(), fc.string(), fc.integer().map(String)), (value) => {
        const result = validateMtu(value);
        const n =
          typeof value === "number" ? value : /^(0|-?[1-9][0-9]*)$/.test(value) ? Number(value) : Number.NaN;
        expect(result.ok).toBe(Number.isInteger(n) && n >= 68 && n <= 65535);
      }),
    );
  });
});
