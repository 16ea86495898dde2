import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatSelector, matchesSelector, parseSelector, SelectorError } from "./label-selector.ts";

describe("label selectors", () => {
  const staging = { env: "staging", site: "a" };
  const prod = { env: "production", site: "b" };

  it.each([
    ["env=staging", true, false],
    ["env==staging", true, false],
    ["env!=staging", false, true],
    ["site in (a,c)", true, false],
    ["site notin (a)", false, true],
    ["env", true, true],
    ["!gpu", true, true],
    ["gpu", false, false],
    ["env=staging,site in (a,b)", true, false],
    ["env in (staging, production), site=b", false, true],
  ])("%s selects staging=%s production=%s", (text, s, p) => {
    const sel = parseSelector(text);
    expect(matchesSelector(sel, staging)).toBe(s);
    expect(matchesSelector(sel, prod)).toBe(p);
  });

  it.each([
    ["", /empty selector/],
    ["env=", null],
    ["env=stag ing", /invalid/],
    ["site in ()", /empty value|invalid/],
    ["site in (a", /unbalanced/],
    ["a b c", /invalid label key/],
    ["env=$(id)", /invalid label value/],
    ["x".repeat(300), /longer than/],
    ["env=staging,", /empty requirement/],
  ])("rejects %j", (text, message) => {
    if (message === null) {
      // `env=` is a valid selector for an empty value, as in Kubernetes.
      expect(parseSelector(text)).toEqual([{ op: "eq", key: "env", value: "" }]);
      return;
    }
    expect(() => parseSelector(text)).toThrow(SelectorError);
    expect(() => parseSelector(text)).toThrow(message);
  });

  const key = fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/);
  const value = fc.stringMatching(/^[a-z0-9]{1,8}$/);
  const requirement = fc.oneof(
    fc.record({ op: fc.constantFrom("eq" as const, "neq" as const), key, value }),
    fc.record({
      op: fc.constantFrom("in" as const, "notin" as const),
      key,
      values: fc.uniqueArray(value, { minLength: 1, maxLength: 4 }).map((v) => [...v].sort()),
    }),
    fc.record({ op: fc.constantFrom("exists" as const, "absent" as const), key }),
  );

  it("formatting then parsing gives the same selector back", () => {
    fc.assert(
      fc.property(fc.array(requirement, { minLength: 1, maxLength: 5 }), (sel) => {
        expect(parseSelector(formatSelector(sel))).toEqual(sel);
      }),
    );
  });

  it("a selector and its negated equality never both match one label set", () => {
    fc.assert(
      fc.property(key, value, fc.dictionary(key, value), (k, v, labels) => {
        const eq = matchesSelector(parseSelector(`${k}=${v}`), labels);
        const neq = matchesSelector(parseSelector(`${k}!=${v}`), labels);
        expect(eq).toBe(!neq);
      }),
    );
  });
});
