// `switchyard audit list | export | verify | head`: the audit log over the API. The export
// streams the HTTP endpoint's body to stdout or a file, so memory stays flat at any size.
import { createWriteStream } from "node:fs";
import { rename, rm, stat } from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { apiClient, authHeaders, CliError } from "../client.ts";
import type { Credentials } from "../credentials.ts";
import { type Io, out } from "../io.ts";
import type { AuditFilter } from "./audit-filter.ts";

type Client = ReturnType<typeof apiClient>;
type Page = Awaited<ReturnType<Client["audit"]["list"]["query"]>>;

export async function auditList(
  io: Io,
  creds: Credentials,
  opts: { filter: AuditFilter; cursor?: number | undefined; limit?: number | undefined; json: boolean },
) {
  const page: Page = await apiClient(creds).audit.list.query({
    filter: opts.filter,
    cursor: opts.cursor ?? null,
    limit: opts.limit ?? 50,
  });
  out(io, opts.json, page, () => {
    const lines = page.rows.map((r) => {
      const who = r.actorName ?? r.actorId ?? "unknown";
      const targets = [...r.targetHosts.map((h) => `host:${page.hostNames[h] ?? h}`), ...r.targetObjects];
      return [`#${r.seq}`, r.time, who, r.action, targets.join(",") || "-", r.outcome].join("\t");
    });
    if (lines.length === 0)
      lines.push(page.nextCursor === null ? "No audit events match." : "No matches yet.");
    if (page.nextCursor !== null) lines.push(`(more: --cursor ${page.nextCursor})`);
    return lines.join("\n");
  });
}

export async function auditExport(
  io: Io,
  creds: Credentials,
  opts: { format: string | undefined; filter: AuditFilter; output?: string | undefined; json: boolean },
) {
  const format = opts.format === "csv" || opts.format === "ndjson" ? opts.format : null;
  if (!format) throw new CliError("--format: csv or ndjson is required");
  const res = await fetch(`${creds.server.replace(/\/$/, "")}/api/audit/export`, {
    method: "POST",
    headers: { ...authHeaders(creds), "content-type": "application/json" },
    body: JSON.stringify({ format, filter: opts.filter }),
  });
  if (!res.ok || !res.body) throw new CliError(await failureText(res));
  // Cast: fetch's body is the web ReadableStream Readable.fromWeb takes; the DOM and Node
  // typings name it differently.
  const body = Readable.fromWeb(res.body as unknown as NodeReadableStream<Uint8Array>);
  const exportSeq = Number(res.headers.get("x-switchyard-audit-export-seq"));
  if (!opts.output) {
    // stdout stays open for whatever the shell does next.
    await pipeline(body, io.stdout, { end: false });
    return;
  }
  // Written beside the target and renamed at the end: a cut-off export never looks complete.
  const partial = `${opts.output}.partial`;
  try {
    await pipeline(body, createWriteStream(partial, { mode: 0o600 }));
    await rename(partial, opts.output);
  } catch (err) {
    await rm(partial, { force: true });
    throw err;
  }
  const bytes = (await stat(opts.output)).size;
  out(
    io,
    opts.json,
    { file: opts.output, format, bytes, exportSeq },
    () => `Wrote ${bytes} bytes of ${format} to ${opts.output} (export recorded as #${exportSeq}).`,
  );
}

/** Exit code 1 when the chain is broken, naming the first bad seq. */
export async function auditVerify(
  io: Io,
  creds: Credentials,
  opts: { knownHead?: string | undefined; json: boolean },
): Promise<number> {
  const knownHead = opts.knownHead === undefined ? undefined : parseKnownHead(opts.knownHead);
  const result = await apiClient(creds).audit.verify.query(knownHead ? { knownHead } : {});
  out(io, opts.json, result, () =>
    result.ok
      ? `Chain verified up to #${result.verifiedUpTo} (head hash ${result.headHash}).`
      : `Chain broken at #${result.firstBrokenSeq}: ${result.reason}`,
  );
  if (result.ok) return 0;
  io.stderr.write(`switchyard: audit chain broken at #${result.firstBrokenSeq}\n`);
  return 1;
}

export async function auditHead(io: Io, creds: Credentials, json: boolean) {
  const head = await apiClient(creds).audit.head.query();
  out(
    io,
    json,
    head,
    () =>
      `#${head.seq} ${head.rowHash} ${head.time ?? "(empty log)"}\nKeep it elsewhere; check later with: switchyard audit verify --known-head ${head.seq}:${head.rowHash}`,
  );
}

/** `SEQ:HASH`, as `audit head` prints it. */
function parseKnownHead(text: string): { seq: number; rowHash: string } {
  const m = /^(\d+):([0-9a-f]{64})$/.exec(text.trim());
  if (!m)
    throw new CliError(`--known-head: SEQ:HASH (64 hex digits), as \`audit head\` prints it, not "${text}"`);
  return { seq: Number(m[1]), rowHash: String(m[2]) };
}

async function failureText(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { error?: { message?: string; field?: string | null } };
    const message = body.error?.message ?? `export failed: HTTP ${res.status}`;
    return body.error?.field ? `${body.error.field}: ${message}` : message;
  } catch {
    return `export failed: HTTP ${res.status}`;
  }
}
