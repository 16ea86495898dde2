import { describe, expect, it } from "vitest";
import { assertStrongPassword } from "./password-strength.ts";

describe("password strength", () => {
  it.each([
    ["short1!", /at least 12/],
    ["password1234", /too easy/],
    ["aaaaaaaaaaaaaaaa", /too easy/],
    ["switchyard-admin", /too easy/],
    ["x".repeat(129), /at most 128/],
  ])("refuses %j", (pw, msg) => {
    expect(() => assertStrongPassword(pw, ["admin"])).toThrow(msg);
  });

  it("accepts a long passphrase of unrelated words", () => {
    expect(() => assertStrongPassword("copper lantern orbit 42 meadow", ["admin"])).not.toThrow();
  });

  it("counts the username as known to an attacker", () => {
    expect(() => assertStrongPassword("marguerite-yourcenar", ["marguerite", "yourcenar"])).toThrow(
      /too easy/,
    );
  });
});
