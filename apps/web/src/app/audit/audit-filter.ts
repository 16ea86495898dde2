// The review page's filter: what the form holds, turned into the API's filter. Pure, so the
// table, the export and the CLI agree on one meaning (packages/server/src/audit/host-filter.ts).
import type { AuditOutcome } from "@switchyard/db/schema";
import type { api } from "../../lib/api-client.ts";

type ListInput = Extract<Parameters<typeof api.audit.list.query>[0], object>;
export type AuditFilter = NonNullable<ListInput["filter"]>;

/** Outcomes, in the order the select lists them. */
export const OUTCOMES = [
  "succeeded",
  "failed",
  "denied",
  "rolled_back",
  "timed_out",
  "unknown",
  "pending",
] as const satisfies readonly AuditOutcome[];
/** Fails to compile when the schema gains an outcome OUTCOMES lacks. */
export const outcomesComplete: [Exclude<AuditOutcome, (typeof OUTCOMES)[number]>] extends [never]
  ? true
  : never = true;

/** A form field named in an error, as the API names its fields. */
export class FilterError extends Error {
  override readonly name = "FilterError";
}

/** `datetime-local` text (no zone) read as UTC, as the table shows times in UTC. */
export function utcInstant(field: string, local: string): string {
  const withSeconds = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local) ? `${local}:00` : local;
  const date = new Date(`${withSeconds}Z`);
  if (Number.isNaN(date.getTime())) throw new FilterError(`${field}: not a date and time: ${local}`);
  return date.toISOString();
}

function isOutcome(v: string): v is AuditOutcome {
  return (OUTCOMES as readonly string[]).includes(v);
}

/** The API filter for the form's values; empty fields are left out. */
export function filterFromForm(form: FormData): AuditFilter {
  const text = (name: string) => String(form.get(name) ?? "").trim();
  const filter: AuditFilter = {};
  const from = text("from") ? utcInstant("from", text("from")) : null;
  const to = text("to") ? utcInstant("to", text("to")) : null;
  if (from && to && from >= to) throw new FilterError("to: must be after from");
  if (from) filter.from = from;
  if (to) filter.to = to;
  const actor = text("actor");
  if (actor) filter.actor = actor;
  const action = text("action");
  if (action) filter.action = action;
  const host = text("host");
  if (host) filter.host = host;
  const outcomes = form.getAll("outcome").map(String).filter(isOutcome);
  if (outcomes.length > 0) filter.outcome = outcomes;
  const q = text("text");
  if (q) filter.text = q;
  return filter;
}
