import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { labH1Inputs } from "../__fixtures__/lab-h1.ts";
import { buildSnapshot } from "./build.ts";
import { canonicalJson } from "./canonical-json.ts";
import { snapshotHash } from "./hash.ts";
import { sha256Hex } from "./sha256.ts";

describe("sha256Hex", () => {
  it("matches node:crypto on known vectors and on random input", () => {
    expect(sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    for (const length of [55, 56, 63, 64, 65, 1000]) {
      const text = "x".repeat(length);
      expect(sha256Hex(text)).toBe(createHash("sha256").update(text).digest("hex"));
    }
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.string({ unit: "grapheme" }), (bytes, text) => {
        expect(sha256Hex(bytes)).toBe(createHash("sha256").update(bytes).digest("hex"));
        expect(sha256Hex(text)).toBe(createHash("sha256").update(text, "utf8").digest("hex"));
      }),
    );
  });
});

describe("canonicalJson", () => {
  it("sorts keys at every level and drops undefined members", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { f: 1, e: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[3,{"e":2,"f":1}]},"b":1}',
    );
  });

  it("is the same for any key order and parses back to an equal value", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });
});

describe("snapshotHash", () => {
  const snapshot = buildSnapshot(labH1Inputs());

  it("is a stable hex digest of the lab host's snapshot", () => {
    expect(snapshotHash(snapshot)).toMatch(/^[0-9a-f]{64}$/);
    expect(snapshotHash(buildSnapshot(labH1Inputs()))).toBe(snapshotHash(snapshot));
  });

  it("ignores collectedAt and key order, and changes with anything else", () => {
    const later = { ...snapshot, host: { ...snapshot.host, collectedAt: "2027-01-01T00:00:00Z" } };
    expect(snapshotHash(later)).toBe(snapshotHash(snapshot));
    const reordered = JSON.parse(canonicalJson(snapshot)) as typeof snapshot;
    expect(snapshotHash(reordered)).toBe(snapshotHash(snapshot));
    const renamed = { ...snapshot, host: { ...snapshot.host, hostName: "sy-h2" } };
    expect(snapshotHash(renamed)).not.toBe(snapshotHash(snapshot));
  });
});
