import { describe, expect, it } from "vitest";
import { ChainVerifier, computeRowHash, GENESIS_HASH } from "./chain.ts";
import type { AuditEvent, AuditEventFields } from "./types.ts";

function fields(seq: number, extra: Partial<AuditEventFields> = {}): AuditEventFields {
  return {
    seq,
    time: `2026-01-01T00:00:0${seq}.000001Z`,
    actorType: "user",
    actorId: "u1",
    actorName: "ada",
    role: "admin",
    sourceIp: "127.0.0.1",
    userAgent: null,
    action: "grants.update",
    targetHosts: [],
    targetObjects: ["user:u2"],
    requestId: null,
    operationId: null,
    params: { b: 1, a: [1, 2] },
    decision: "allow",
    outcome: "succeeded",
    error: null,
    beforeDigest: null,
    afterDigest: null,
    ...extra,
  };
}

function at<T>(xs: readonly T[], i: number): T {
  const x = xs[i];
  if (x === undefined) throw new Error(`no element ${i}`);
  return x;
}

function chain(n: number): AuditEvent[] {
  const rows: AuditEvent[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const f = fields(seq);
    const rowHash = computeRowHash(prev, f);
    rows.push({ ...f, prevHash: prev, rowHash });
    prev = rowHash;
  }
  return rows;
}

describe("hash chain", () => {
  it("row_hash is sha256 over prev_hash then the canonical JSON of the fields (hex)", () => {
    const f = fields(1);
    expect(computeRowHash(GENESIS_HASH, f)).toMatch(/^[0-9a-f]{64}$/);
    // Key order of params does not matter; content does.
    expect(computeRowHash(GENESIS_HASH, { ...f, params: { a: [1, 2], b: 1 } })).toBe(
      computeRowHash(GENESIS_HASH, f),
    );
    expect(computeRowHash(GENESIS_HASH, { ...f, params: { a: [2, 1], b: 1 } })).not.toBe(
      computeRowHash(GENESIS_HASH, f),
    );
    expect(computeRowHash("1".repeat(64), f)).not.toBe(computeRowHash(GENESIS_HASH, f));
  });

  it("ignores properties outside the hashed fields (prevHash, rowHash, extras)", () => {
    const row = at(chain(1), 0);
    const withExtras: AuditEvent & { note: string } = { ...row, prevHash: "x", rowHash: "y", note: "extra" };
    expect(computeRowHash(GENESIS_HASH, withExtras)).toBe(row.rowHash);
  });

  it("the verifier accepts an intact chain and names the first edited row", () => {
    const rows = chain(5);
    const ok = new ChainVerifier({ seq: 0, rowHash: GENESIS_HASH });
    for (const r of rows) expect(ok.push(r)).toBeNull();
    expect(ok.last.seq).toBe(5);
    expect(ok.count).toBe(5);

    const edited = rows.map((r) => (r.seq === 3 ? { ...r, actorName: "mallory" } : r));
    const v = new ChainVerifier({ seq: 0, rowHash: GENESIS_HASH });
    const breaks = edited.map((r) => v.push(r));
    expect(breaks.slice(0, 2)).toEqual([null, null]);
    expect(breaks[2]).toEqual({ seq: 3, reason: expect.stringMatching(/row_hash of #3/) });
    expect(v.broken?.seq).toBe(3);
  });

  it("a deleted row is named as missing; a re-hashed row breaks its successor's prev_hash", () => {
    const rows = chain(4);
    const v = new ChainVerifier({ seq: 0, rowHash: GENESIS_HASH });
    for (const r of rows.filter((r) => r.seq !== 2)) v.push(r);
    expect(v.broken).toEqual({ seq: 2, reason: expect.stringMatching(/#2 is missing/) });

    // An editor who also recomputes row 2's hash is caught at row 3.
    const second = at(rows, 1);
    const forged = { ...second, actorName: "mallory" };
    forged.rowHash = computeRowHash(forged.prevHash, forged);
    const w = new ChainVerifier({ seq: 0, rowHash: GENESIS_HASH });
    for (const r of rows.map((r) => (r.seq === 2 ? forged : r))) w.push(r);
    expect(w.broken).toEqual({ seq: 3, reason: expect.stringMatching(/prev_hash of #3/) });
  });

  it("continues from an anchor: the first row must follow it", () => {
    const rows = chain(4);
    const anchor = at(rows, 1);
    const v = new ChainVerifier({ seq: anchor.seq, rowHash: anchor.rowHash });
    expect(v.push(at(rows, 2))).toBeNull();
    const w = new ChainVerifier({ seq: anchor.seq, rowHash: "f".repeat(64) });
    expect(w.push(at(rows, 2))?.seq).toBe(3);
  });
});
