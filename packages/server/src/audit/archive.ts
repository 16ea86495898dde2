// Retention archives: the pruned rows, oldest first, one JSON object per line (the export's
// NDJSON form, with prevHash and rowHash), so an archive verifies on its own from the anchor
// that preceded it. Written to a .partial file, fsynced, then linked into place (never over an
// existing file) before anything is deleted from the database.
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { link, open, unlink } from "node:fs/promises";
import { dirname } from "node:path";
import { createInterface } from "node:readline";
import { auditEvents, type Db } from "@switchyard/db";
import { and, asc, gt, lte } from "drizzle-orm";
import { type ChainBreak, type ChainLink, ChainVerifier } from "./chain.ts";
import { toNdjson } from "./export.ts";
import { auditEventColumns } from "./row.ts";
import type { AuditEvent, VerifyResult } from "./types.ts";

export interface WrittenArchive {
  path: string;
  count: number;
  /** sha256 of the file, hex. */
  sha256: string;
  /** The last row written (= `from` when there was none). */
  last: ChainLink;
}

/** Thrown when the rows to archive do not verify: retention never deletes a broken chain. */
export class AuditChainBrokenError extends Error {
  override readonly name = "AuditChainBrokenError";
  constructor(readonly broken: ChainBreak) {
    super(`audit chain broken at #${broken.seq}: ${broken.reason}`);
  }
}

/**
 * Writes rows (from.seq, throughSeq] to `path`, checking the chain from `from` as it goes.
 * Throws AuditChainBrokenError (leaving no file) if they do not verify, and EEXIST if `path`
 * already exists.
 */
export async function writeArchive(
  db: Db,
  opts: { from: ChainLink; throughSeq: number; path: string; batchSize?: number },
): Promise<WrittenArchive> {
  const batchSize = opts.batchSize ?? 2000;
  const partial = `${opts.path}.partial`;
  const verifier = new ChainVerifier(opts.from);
  const hash = createHash("sha256");
  const file = await open(partial, "w", 0o600);
  let done = false;
  try {
    let cursor = opts.from.seq;
    while (cursor < opts.throughSeq) {
      const rows: AuditEvent[] = await db
        .select(auditEventColumns)
        .from(auditEvents)
        .where(and(gt(auditEvents.seq, cursor), lte(auditEvents.seq, opts.throughSeq)))
        .orderBy(asc(auditEvents.seq))
        .limit(batchSize);
      if (rows.length === 0) break;
      for (const row of rows) {
        const broken = verifier.push(row);
        if (broken) throw new AuditChainBrokenError(broken);
      }
      const chunk = toNdjson(rows);
      hash.update(chunk);
      await file.write(chunk);
      cursor = verifier.last.seq;
    }
    if (verifier.last.seq !== opts.throughSeq) {
      throw new AuditChainBrokenError({
        seq: verifier.last.seq + 1,
        reason: `row #${verifier.last.seq + 1} is missing`,
      });
    }
    await file.sync();
    await file.close();
    done = true;
    await link(partial, opts.path); // fails with EEXIST rather than overwrite an archive
    await unlink(partial);
    await syncDir(dirname(opts.path));
  } finally {
    if (!done) await file.close().catch(() => {});
    await unlink(partial).catch(() => {});
  }
  return { path: opts.path, count: verifier.count, sha256: hash.digest("hex"), last: verifier.last };
}

export interface ArchiveCheck {
  result: VerifyResult;
  /** Rows read. */
  count: number;
  /** seq of the first row, null for an empty file. */
  firstSeq: number | null;
}

/**
 * Verifies an archive file on its own. From `start` (the anchor before the pruned range:
 * audit_anchor's seq - count / prev_hash, or seq 0 and GENESIS_HASH) when given; otherwise
 * from whatever the first row claims to follow, which checks the file's inner consistency only.
 */
export async function verifyArchiveFile(path: string, start?: ChainLink): Promise<ArchiveCheck> {
  const lines = createInterface({
    input: createReadStream(path, "utf8"),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let verifier: ChainVerifier | null = start ? new ChainVerifier(start) : null;
  let count = 0;
  let firstSeq: number | null = null;
  try {
    for await (const line of lines) {
      if (line === "") continue;
      count++;
      let row: AuditEvent;
      try {
        // Cast: a line of another shape cannot reproduce its rowHash, so push() rejects it.
        row = JSON.parse(line) as AuditEvent;
      } catch {
        const seq = (verifier?.last.seq ?? 0) + 1;
        return {
          result: { ok: false, firstBrokenSeq: seq, reason: `line ${count} is not JSON` },
          count,
          firstSeq,
        };
      }
      firstSeq ??= row.seq;
      verifier ??= new ChainVerifier({ seq: row.seq - 1, rowHash: row.prevHash });
      const broken = verifier.push(row);
      if (broken)
        return { result: { ok: false, firstBrokenSeq: broken.seq, reason: broken.reason }, count, firstSeq };
    }
  } finally {
    lines.close();
  }
  const last = verifier?.last ?? start ?? { seq: 0, rowHash: "" };
  return { result: { ok: true, verifiedUpTo: last.seq, headHash: last.rowHash }, count, firstSeq };
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
