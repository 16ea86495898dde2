import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { IFNAME_PATTERN, isDockerOwnedIfname, validateInterfaceName } from "./ifname.ts";

describe("validateInterfaceName (RELIABILITY 12)", () => {
  it.each([
    ["", "must not be empty"],
    ["a".repeat(16), "at most 15 bytes (got 16)"],
    ["averyveryverylongname", "at most 15 bytes"],
    ["a/b", "must not contain '/'"],
    ["a:b", "must not contain ':'"],
    ["a b", "whitespace"],
    [".", "must not be '.' or '..'"],
    ["..", "must not be '.' or '..'"],
    ["eth\n0", "whitespace or newlines"],
    ["x;reboot", "must start with a letter and contain only"],
    ["$(id)", "must start with a letter and contain only"],
    ["`id`", "must start with a letter and contain only"],
    ["ethé", "printable ASCII"],
    ["eth\u00000", "printable ASCII"],
    ["0eth", "must start with a letter"],
    ["-eth", "must start with a letter"],
    ["docker0", "Docker manages"],
    ["docker_gwbridge", "Docker manages"],
    ["veth9a6b86a", "Docker manages"],
    ["br-e30d00e49f23", "Docker manages"],
  ])("refuses %j (%s), naming the field", (name, problem) => {
    const result = validateInterfaceName(name, { field: "a.ifname" });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.field).toBe("a.ifname");
      expect(result.message).toContain(problem);
      expect(result.message.startsWith("a.ifname ")).toBe(true);
    }
  });

  it("refuses non-strings", () => {
    for (const value of [undefined, null, 5, ["eth0"], { name: "eth0" }]) {
      expect(validateInterfaceName(value).ok).toBe(false);
    }
  });

  it.each(["A", "B", "eth0", "bridge0", "sy_link.1", "a-b", "x".repeat(15), "dockerX", "brX"])(
    "accepts %j",
    (name) => {
      expect(validateInterfaceName(name)).toEqual({ ok: true, value: name });
    },
  );

  it("accepts names Docker owns only when asked to (reading, or `-b docker0`)", () => {
    expect(validateInterfaceName("docker0", { allowDockerOwned: true }).ok).toBe(true);
    expect(isDockerOwnedIfname("veth")).toBe(true);
    expect(isDockerOwnedIfname("eth0")).toBe(false);
  });

  it("never throws, and whatever it accepts matches the pattern, is 1–15 bytes and has no / : or whitespace", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: "grapheme" }), fc.stringMatching(/^[a-z][a-z0-9.]{0,20}$/)),
        (name) => {
          const result = validateInterfaceName(name);
          if (result.ok) {
            expect(IFNAME_PATTERN.test(name)).toBe(true);
            expect(Buffer.byteLength(name)).toBeGreaterThanOrEqual(1);
            expect(Buffer.byteLength(name)).toBeLessThanOrEqual(15);
            expect(name).not.toMatch(/[/:\s]/);
            expect(name === "." || name === "..").toBe(false);
          } else {
            expect(result.message.length).toBeGreaterThan(0);
          }
        },
      ),
    );
  });
});
