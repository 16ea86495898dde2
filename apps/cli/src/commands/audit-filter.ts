// `--from/--to/--actor/--action/--host/--outcome/--text` → the API's audit filter, with each
// bad value named by its flag before anything is sent.
import type { AuditOutcome } from "@switchyard/server";
import { CliError } from "../client.ts";

const OUTCOMES = [
  "succeeded",
  "failed",
  "denied",
  "rolled_back",
  "timed_out",
  "unknown",
  "pending",
] as const satisfies readonly AuditOutcome[];

export interface AuditFilterFlags {
  from?: string | undefined;
  to?: string | undefined;
  actor?: string | undefined;
  action?: string | undefined;
  host?: string | undefined;
  outcome?: string | undefined;
  text?: string | undefined;
}

export interface AuditFilter {
  from?: string;
  to?: string;
  actor?: string;
  action?: string;
  host?: string;
  outcome?: AuditOutcome[];
  text?: string;
}

function instant(flag: string, value: string): string {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) {
    throw new CliError(`${flag}: not an ISO 8601 date or time: "${value}" (e.g. 2026-03-01T00:00:00Z)`);
  }
  return d.toISOString();
}

function isOutcome(v: string): v is AuditOutcome {
  return (OUTCOMES as readonly string[]).includes(v);
}

export function auditFilterFrom(flags: AuditFilterFlags): AuditFilter {
  const f: AuditFilter = {};
  if (flags.from !== undefined) f.from = instant("--from", flags.from);
  if (flags.to !== undefined) f.to = instant("--to", flags.to);
  if (flags.actor) f.actor = flags.actor;
  if (flags.action) f.action = flags.action;
  if (flags.host) f.host = flags.host;
  if (flags.outcome !== undefined) {
    const list = flags.outcome
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    const bad = list.find((o) => !isOutcome(o));
    if (bad !== undefined || list.length === 0) {
      throw new CliError(`--outcome: "${bad ?? flags.outcome}" is not one of ${OUTCOMES.join(", ")}`);
    }
    f.outcome = list.filter(isOutcome);
  }
  if (flags.text) f.text = flags.text;
  return f;
}

/** A whole number in [min, max], or a CliError naming the flag. */
export function intFlag(flag: string, value: string | undefined, min: number, max: number) {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new CliError(`${flag}: a whole number from ${min} to ${max}, not "${value}"`);
  }
  return n;
}
