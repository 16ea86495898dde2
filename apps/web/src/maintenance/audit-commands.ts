// audit-prune, audit-verify and audit-app-role. Each opens its own connection from the web
// app's configuration (DATABASE_URL, else the PGlite folder in SWITCHYARD_DATA_DIR) and closes
// it again; none of this is reachable over the API.
import { existsSync } from "node:fs";
import { userInfo } from "node:os";
import { resolve } from "node:path";
import { type DbHandle, dbConfigFrom, ensureAppRole, openDb } from "@switchyard/db";
import { pruneAudit, verifyChain } from "@switchyard/server";
import type { Env } from "../env.ts";
import type { MaintenanceIo } from "./run.ts";

/** A failure to report as it is (no stack), with its exit code. */
export class MaintenanceError extends Error {
  override readonly name = "MaintenanceError";
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

const DAY_MS = 86_400_000;

function print(io: MaintenanceIo, json: boolean, value: unknown, human: string) {
  io.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${human}\n`);
}

/**
 * Opens the database the web app uses. PGlite allows one process per folder (two corrupt it),
 * so the embedded database is refused while a web process answers on the configured URL.
 */
async function openForMaintenance(env: Env): Promise<DbHandle> {
  const config = dbConfigFrom(env.DATABASE_URL, env.dataDir);
  if (config.driver === "pglite") {
    if (!existsSync(config.dataDir)) {
      throw new MaintenanceError(
        `no embedded database at ${config.dataDir}: set SWITCHYARD_DATA_DIR (as for the web process) or DATABASE_URL`,
      );
    }
    if (await answers(`${env.publicUrl}/healthz`)) {
      throw new MaintenanceError(
        `the web process at ${env.publicUrl} holds the embedded database; stop it first (PGlite allows one process)`,
      );
    }
  }
  return openDb(config);
}

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(1500) });
    return true;
  } catch {
    return false;
  }
}

async function withDb<T>(io: MaintenanceIo, fn: (handle: DbHandle) => Promise<T>): Promise<T> {
  const handle = await openForMaintenance(io.env());
  try {
    return await fn(handle);
  } finally {
    await handle.close();
  }
}

/** `--before` (an instant) or `--keep-days` (the last N days stay), exactly one. */
function cutoff(before: string | undefined, keepDays: string | undefined, now = new Date()): Date {
  if ((before === undefined) === (keepDays === undefined)) {
    throw new MaintenanceError("audit-prune: give exactly one of --before ISO or --keep-days N", 2);
  }
  if (before !== undefined) {
    const d = new Date(before);
    if (Number.isNaN(d.getTime())) {
      throw new MaintenanceError(`--before: not an ISO 8601 date or time: "${before}"`, 2);
    }
    if (d.getTime() > now.getTime()) throw new MaintenanceError("--before: must not be in the future", 2);
    return d;
  }
  const days = Number(keepDays);
  if (!Number.isInteger(days) || days < 1) {
    throw new MaintenanceError(`--keep-days: a whole number of days, at least 1, not "${keepDays}"`, 2);
  }
  return new Date(now.getTime() - days * DAY_MS);
}

export async function auditPrune(
  io: MaintenanceIo,
  opts: {
    before?: string | undefined;
    keepDays?: string | undefined;
    archiveDir?: string | undefined;
    json: boolean;
  },
): Promise<number> {
  const before = cutoff(opts.before, opts.keepDays);
  if (!opts.archiveDir) throw new MaintenanceError("audit-prune: --archive-dir DIR is required", 2);
  const archiveDir = resolve(opts.archiveDir);
  const result = await withDb(io, ({ db }) =>
    pruneAudit(db, {
      before,
      archiveDir,
      actor: { actorType: "system", actorId: null, actorName: `maintenance (${osUser()})`, role: null },
    }),
  );
  print(
    io,
    opts.json,
    { before: before.toISOString(), ...result },
    result.pruned === 0
      ? `Nothing recorded before ${before.toISOString()} to prune (run recorded as #${result.auditSeq}).`
      : `Pruned #${result.firstSeq}–#${result.lastSeq} (${result.pruned} events) into ${result.archivePath}; ` +
          `the chain now starts after #${result.anchor.seq} (run recorded as #${result.auditSeq}).`,
  );
  return 0;
}

export async function auditVerify(
  io: MaintenanceIo,
  opts: { knownHead?: string | undefined; json: boolean },
): Promise<number> {
  let knownHead: { seq: number; rowHash: string } | undefined;
  if (opts.knownHead !== undefined) {
    const m = /^(\d+):([0-9a-f]{64})$/.exec(opts.knownHead.trim());
    if (!m) throw new MaintenanceError(`--known-head: SEQ:HASH (64 hex digits), not "${opts.knownHead}"`, 2);
    knownHead = { seq: Number(m[1]), rowHash: String(m[2]) };
  }
  const result = await withDb(io, ({ db }) => verifyChain(db, knownHead ? { knownHead } : {}));
  print(
    io,
    opts.json,
    result,
    result.ok
      ? `Chain verified up to #${result.verifiedUpTo} (head hash ${result.headHash}).`
      : `Chain broken at #${result.firstBrokenSeq}: ${result.reason}`,
  );
  if (result.ok) return 0;
  io.stderr.write(`maintenance: audit chain broken at #${result.firstBrokenSeq}\n`);
  return 1;
}

export async function auditAppRole(
  io: MaintenanceIo,
  opts: { role?: string | undefined; passwordStdin: boolean; json: boolean },
): Promise<number> {
  if (!opts.role) throw new MaintenanceError("audit-app-role: --role NAME is required", 2);
  const url = io.env().DATABASE_URL;
  if (!url) {
    throw new MaintenanceError(
      "audit-app-role: needs PostgreSQL (DATABASE_URL, connected as the tables' owner); the embedded database has no roles",
      2,
    );
  }
  // Never in argv (visible to every user of the machine): from stdin, or left unchanged.
  const password = opts.passwordStdin ? (await readAll(io.stdin)).replace(/\r?\n$/, "") : undefined;
  if (password === "") throw new MaintenanceError("--password-stdin: the password is empty", 2);
  await ensureAppRole(url, { roleName: opts.role, ...(password === undefined ? {} : { password }) });
  const database = new URL(url).pathname.slice(1);
  print(
    io,
    opts.json,
    { role: opts.role, database, passwordSet: password !== undefined },
    `Role ${opts.role} may now use ${database}: DML on every table, INSERT and SELECT only on audit_events, ` +
      `SELECT on audit_anchor. Point the web app's DATABASE_URL at it; keep the owner's URL for migrations and maintenance.`,
  );
  return 0;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(String(c)));
  return Buffer.concat(chunks).toString("utf8");
}

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return "unknown";
  }
}
