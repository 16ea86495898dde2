import { describe, expect, it } from "vitest";
import { auditExportColumns, csvHeader, toCsvRows, toNdjson } from "./export.ts";
import type { AuditEvent } from "./types.ts";

const base: AuditEvent = {
  seq: 7,
  time: "2026-01-01T00:00:00.000001Z",
  actorType: "user",
  actorId: "u1",
  actorName: "ada",
  role: "admin",
  sourceIp: "10.0.0.1",
  userAgent: null,
  action: "auth.sign_in",
  targetHosts: ["h1", "h2"],
  targetObjects: [],
  requestId: "r1",
  operationId: null,
  params: { note: 'say "hi", then\nleave' },
  decision: null,
  outcome: "succeeded",
  error: null,
  beforeDigest: null,
  afterDigest: null,
  prevHash: "0".repeat(64),
  rowHash: "a".repeat(64),
};

/** A small RFC 4180 reader, enough to check what the writer produced. */
function readCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = "";
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      record.push(field);
      field = "";
    } else if (c === "\n") {
      record.push(field);
      records.push(record);
      record = [];
      field = "";
    } else field += c;
  }
  return records;
}

describe("CSV export", () => {
  it("starts with a header naming every column", () => {
    expect(csvHeader()).toBe(`${auditExportColumns.join(",")}\n`);
  });

  it("quotes commas, quotes and newlines, and round-trips through an RFC 4180 reader", () => {
    const row: AuditEvent = { ...base, actorName: 'O"Brien, Pat', error: "line one\nline two\r\nthree" };
    const text = toCsvRows([row]);
    expect(text).toContain('"O""Brien, Pat"');
    const [cells] = readCsv(text);
    const byName = Object.fromEntries(auditExportColumns.map((c, i) => [c, cells?.[i]]));
    expect(byName.actorName).toBe('O"Brien, Pat');
    expect(byName.error).toBe("line one\nline two\r\nthree");
    expect(byName.seq).toBe("7");
    expect(JSON.parse(byName.targetHosts ?? "")).toEqual(["h1", "h2"]);
    expect(JSON.parse(byName.params ?? "")).toEqual(base.params);
    expect(byName.userAgent).toBe("");
  });

  it("defuses spreadsheet formulas an attacker could type as a name or user agent", () => {
    const text = toCsvRows([
      { ...base, actorName: '=HYPERLINK("http://x")', userAgent: "+1", role: "@SUM(A1)" },
    ]);
    const [cells] = readCsv(text);
    const byName = Object.fromEntries(auditExportColumns.map((c, i) => [c, cells?.[i]]));
    expect(byName.actorName).toBe('\'=HYPERLINK("http://x")');
    expect(byName.userAgent).toBe("'+1");
    expect(byName.role).toBe("'@SUM(A1)");
  });

  it("writes one record per row, in the given order", () => {
    const text = toCsvRows([base, { ...base, seq: 6 }]);
    expect(readCsv(text).map((r) => r[0])).toEqual(["7", "6"]);
  });
});

describe("NDJSON export", () => {
  it("writes one JSON object per line, keys in column order, newlines escaped", () => {
    const text = toNdjson([base, { ...base, seq: 6 }]);
    const lines = text.split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe("");
    const first = JSON.parse(lines[0] ?? "");
    expect(Object.keys(first)).toEqual([...auditExportColumns]);
    expect(first).toEqual(base);
  });
});
