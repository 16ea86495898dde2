// The maintenance commands' dispatch: argv in, exit code out (0 done, 1 failed or chain
// broken, 2 usage). Streams and configuration are passed in so tests can drive it.
import type { Readable, Writable } from "node:stream";
import { parseArgs } from "node:util";
import type { Env } from "../env.ts";
import { auditAppRole, auditPrune, auditVerify, MaintenanceError } from "./audit-commands.ts";

export interface MaintenanceIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  /** The parsed configuration (read lazily: a bad variable is reported like any failure). */
  env: () => Env;
}

export const usage = `Usage: pnpm maintenance <command> [options]

Commands (connect with DATABASE_URL as the database owner, or to the embedded database
in SWITCHYARD_DATA_DIR while the web process is stopped):
  audit-prune (--before ISO | --keep-days N) --archive-dir DIR
        archive the audit events recorded before the cut-off to DIR (NDJSON), then delete
        them and carry the chain anchor forward
  audit-verify [--known-head SEQ:HASH]
        walk the audit chain; exit 1 naming the first broken row
  audit-app-role --role NAME [--password-stdin]
        create or update the role the web app connects as (PostgreSQL): DML on every
        table, but only INSERT and SELECT on audit_events and SELECT on audit_anchor

Options:
  --json      machine-readable output
  -h, --help  this help`;

const options = {
  json: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
  before: { type: "string" },
  "keep-days": { type: "string" },
  "archive-dir": { type: "string" },
  "known-head": { type: "string" },
  role: { type: "string" },
  "password-stdin": { type: "boolean", default: false },
} as const;

export async function runMaintenance(argv: string[], io: MaintenanceIo): Promise<number> {
  let parsed: ReturnType<
    typeof parseArgs<{ args: string[]; options: typeof options; allowPositionals: true }>
  >;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true });
  } catch (err) {
    io.stderr.write(`maintenance: ${err instanceof Error ? err.message : String(err)}\n${usage}\n`);
    return 2;
  }
  const { values: v, positionals } = parsed;
  const [cmd] = positionals;
  if (v.help || !cmd) {
    io.stdout.write(`${usage}\n`);
    return v.help ? 0 : 2;
  }
  const fail = (message: string, code: number) => {
    if (v.json) io.stdout.write(`${JSON.stringify({ error: message })}\n`);
    io.stderr.write(`maintenance: ${message}\n`);
    return code;
  };
  try {
    if (cmd === "audit-prune") {
      return await auditPrune(io, {
        before: v.before,
        keepDays: v["keep-days"],
        archiveDir: v["archive-dir"],
        json: v.json,
      });
    }
    if (cmd === "audit-verify") return await auditVerify(io, { knownHead: v["known-head"], json: v.json });
    if (cmd === "audit-app-role") {
      return await auditAppRole(io, { role: v.role, passwordStdin: v["password-stdin"], json: v.json });
    }
    return fail(`unknown command: ${cmd}\n${usage}`, 2);
  } catch (err) {
    if (err instanceof MaintenanceError) return fail(err.message, err.exitCode);
    return fail(describe(err), 1);
  }
}

/** The innermost reason: drizzle wraps the driver's error (the useful part) as `cause`. */
function describe(err: unknown): string {
  let message = String(err);
  for (let e: unknown = err; e instanceof Error; e = e.cause) message = e.message;
  return message;
}
