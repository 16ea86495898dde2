// A readable diff of two normalised root-namespace snapshots. Pure.
import { type Normalised, SECTION_TITLES, SECTIONS, type Section } from "./normalise.ts";

export type DiffLine = { op: "-" | "+"; line: string };

/** Longest-common-subsequence line diff (inputs are small: tens to hundreds of lines). */
export function diffLines(before: readonly string[], after: readonly string[]): DiffLine[] {
  const n = before.length;
  const m = after.length;
  // lcs[i][j] = LCS length of before[i..] and after[j..]
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  const at = (i: number, j: number): number => lcs[i]?.[j] ?? 0;
  for (let i = n - 1; i >= 0; i--) {
    const row = lcs[i];
    if (!row) continue;
    for (let j = m - 1; j >= 0; j--) {
      row[j] = before[i] === after[j] ? at(i + 1, j + 1) + 1 : Math.max(at(i + 1, j), at(i, j + 1));
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    const b = before[i];
    const a = after[j];
    if (i < n && j < m && b === a) {
      i++;
      j++;
    } else if (j < m && a !== undefined && (i >= n || at(i, j + 1) >= at(i + 1, j))) {
      out.push({ op: "+", line: a });
      j++;
    } else if (b !== undefined) {
      out.push({ op: "-", line: b });
      i++;
    } else break;
  }
  return out;
}

export interface SnapshotDiff {
  changed: boolean;
  /** Per section with changes: its title and the -/+ lines. */
  sections: Array<{ section: Section; title: string; lines: DiffLine[] }>;
}

export function diffSnapshots(before: Normalised, after: Normalised): SnapshotDiff {
  const sections: SnapshotDiff["sections"] = [];
  for (const section of SECTIONS) {
    const lines = diffLines(before[section], after[section]);
    if (lines.length > 0) sections.push({ section, title: SECTION_TITLES[section], lines });
  }
  return { changed: sections.length > 0, sections };
}

export function formatDiff(diff: SnapshotDiff): string {
  if (!diff.changed) return "root namespace unchanged";
  const parts = ["root namespace CHANGED:"];
  for (const s of diff.sections) {
    parts.push(`${s.title}:`);
    for (const l of s.lines) parts.push(`  ${l.op} ${l.line}`);
  }
  return parts.join("\n");
}
