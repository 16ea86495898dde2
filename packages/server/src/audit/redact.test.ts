import { describe, expect, it } from "vitest";
import { canonicalJson } from "./canonical.ts";
import { cleanText, REDACTED, redactSecrets } from "./redact.ts";

describe("redactSecrets", () => {
  it("replaces the value of every secret-looking key, case-insensitively, at any depth", () => {
    const out = redactSecrets({
      username: "ada",
      password: "hunter2",
      newPassword: "x",
      clientSecret: { nested: "whole object goes" },
      Token: "t",
      apiKey: "k",
      credentials: ["a", "b"],
      nested: { deeper: [{ sshKey: "k2", label: "keep" }], list: [1, 2] },
    });
    expect(out).toEqual({
      username: "ada",
      password: REDACTED,
      newPassword: REDACTED,
      clientSecret: REDACTED,
      Token: REDACTED,
      apiKey: REDACTED,
      credentials: REDACTED,
      nested: { deeper: [{ sshKey: REDACTED, label: "keep" }], list: [1, 2] },
    });
    expect(JSON.stringify(out)).not.toMatch(/hunter2|whole object goes|"k2"/);
  });

  it("leaves the caller's object untouched", () => {
    const input = { password: "p", inner: { token: "t" } };
    redactSecrets(input);
    expect(input).toEqual({ password: "p", inner: { token: "t" } });
  });

  it("normalises to plain JSON like JSON.stringify would", () => {
    const out = redactSecrets({
      at: new Date("2026-01-02T03:04:05.678Z"),
      gone: undefined,
      fn: () => 1,
      big: 10n,
      nan: Number.NaN,
      arr: [undefined, 1],
    });
    expect(out).toEqual({ at: "2026-01-02T03:04:05.678Z", big: "10", nan: null, arr: [null, 1] });
  });

  it("marks cycles instead of recursing forever, but repeats shared (acyclic) objects", () => {
    const shared = { n: 1 };
    const cyclic: { [k: string]: unknown } = { shared, again: shared };
    cyclic.self = cyclic;
    expect(redactSecrets(cyclic)).toEqual({ shared: { n: 1 }, again: { n: 1 }, self: "[circular]" });
  });

  it("keeps a __proto__ key as data, not as a prototype", () => {
    const out = redactSecrets(JSON.parse('{"__proto__":{"password":"p","ok":1}}'));
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(canonicalJson(out)).toBe('{"__proto__":{"ok":1,"password":"[redacted]"}}');
  });

  it("replaces NUL and lone surrogates, which PostgreSQL cannot store unchanged", () => {
    expect(cleanText("a\0b")).toBe("a\uFFFDb");
    expect(cleanText("x\uD800y\uDC00z")).toBe("x\uFFFDy\uFFFDz");
    expect(cleanText("pair 😀 ok")).toBe("pair 😀 ok");
    expect(redactSecrets({ "note\0": "v\0", "key\0": "v" })).toEqual({
      "note\uFFFD": "v\uFFFD",
      "key\uFFFD": REDACTED,
    });
  });
});
