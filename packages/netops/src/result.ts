// Result types shared by the parsers and validators: failures are values, not exceptions, so
// a collector can turn one bad section into `{available: false, reason}` and carry on.

/** Outcome of a parser: the value, or one line saying what was wrong. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

/** Outcome of a validator: the normalised value, or the field and a message that names it. */
export type Validation<T> = { ok: true; value: T } | { ok: false; field: string; message: string };

/** A successful Result or Validation. */
export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

/** A failed Result. */
export function err(error: string): { ok: false; error: string } {
  return { ok: false, error };
}

/** A failed Validation; the message starts with the field's name ("mtu must be ..."). */
export function invalid(field: string, problem: string): { ok: false; field: string; message: string } {
  return { ok: false, field, message: `${field} ${problem}` };
}
