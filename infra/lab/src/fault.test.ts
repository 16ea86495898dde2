import { describe, expect, it } from "vitest";
import { LabError } from "./errors.ts";
import { faultPointSchema, injectFault } from "./fault.ts";

describe("SY_LAB_FAIL_AFTER", () => {
  it("h2:dockerd names a host and a step", () => {
    expect(faultPointSchema.parse("h2:dockerd")).toEqual({ host: "h2", step: "dockerd" });
  });

  it.each(["h2", "h2:bogus", "x2:dockerd", "h0:netns", "h2:dockerd:extra", ""])("%j is refused", (value) => {
    expect(faultPointSchema.safeParse(value).success).toBe(false);
  });

  it("throws a LabError naming the step and host only at that point", () => {
    const point = { host: "h2", step: "containers" } as const;
    expect(() => injectFault(point, "h1", "containers")).not.toThrow();
    expect(() => injectFault(point, "h2", "image")).not.toThrow();
    expect(() => injectFault(undefined, "h2", "containers")).not.toThrow();
    try {
      injectFault(point, "h2", "containers");
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(LabError);
      expect(err).toMatchObject({ step: "containers", host: "h2" });
    }
  });
});
