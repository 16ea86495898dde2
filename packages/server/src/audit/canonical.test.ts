import { describe, expect, it } from "vitest";
import { canonicalJson } from "./canonical.ts";

describe("canonicalJson", () => {
  it("sorts keys at every depth and drops whitespace, whatever order they were built in", () => {
    const a = canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: "x" } });
    const b = canonicalJson({ a: { c: "x", d: [3, { y: null, z: true }] }, b: 1 });
    expect(a).toBe('{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}');
    expect(b).toBe(a);
  });

  it("keeps array order (arrays are sequences, not sets)", () => {
    expect(canonicalJson(["b", "a"])).toBe('["b","a"]');
  });

  it("sorts keys by UTF-16 code units, as RFC 8785 does", () => {
    // "é" (U+00E9) sorts after "z"; an uppercase letter before lowercase; "10" before "9".
    expect(canonicalJson({ z: 1, é: 2, A: 3, "10": 4, "9": 5 })).toBe('{"10":4,"9":5,"A":3,"z":1,"é":2}');
  });

  it("writes numbers and strings in ECMAScript JSON form", () => {
    expect(canonicalJson([1e21, 1e-7, -0, 0.1 + 0.2, 5.0])).toBe("[1e+21,1e-7,0,0.30000000000000004,5]");
    expect(canonicalJson('quote " backslash \\ newline \n tab \t nul-free ü ✓')).toBe(
      JSON.stringify('quote " backslash \\ newline \n tab \t nul-free ü ✓'),
    );
  });

  it("treats an undefined property as absent", () => {
    expect(canonicalJson({ a: undefined, b: 2 })).toBe('{"b":2}');
  });

  it("refuses what JSON cannot carry instead of hashing something ambiguous", () => {
    expect(() => canonicalJson(Number.NaN)).toThrow(TypeError);
    expect(() => canonicalJson(Number.POSITIVE_INFINITY)).toThrow(TypeError);
    // A Date would silently depend on toJSON; rows carry time as a string instead.
    expect(() => canonicalJson({ t: new Date(0) as unknown as string })).toThrow(TypeError);
  });

  it("keeps a __proto__ key as data", () => {
    const parsed = JSON.parse('{"__proto__":{"x":1},"a":2}') as { [k: string]: { x: number } | number };
    expect(canonicalJson(parsed)).toBe('{"__proto__":{"x":1},"a":2}');
  });
});
