// Turns whatever a caller puts in `params` into plain JSON that round-trips through jsonb
// unchanged (so the row hash computed before the insert still matches after reading back),
// with the values of secret-looking keys replaced.
import type { AuditJson } from "@switchyard/db";

/** Keys whose values never reach the audit log. */
export const SECRET_KEY = /password|secret|token|key|credential/i;
export const REDACTED = "[redacted]";

/** Deeper structures are cut off: params are small by design. */
const MAX_DEPTH = 32;

/**
 * Recursively replaces the value of every key matching SECRET_KEY (at any depth, inside
 * arrays too) by "[redacted]", and normalises the rest like JSON.stringify would: Dates and
 * other toJSON() values become their JSON form, undefined/function values drop out of objects
 * (null in arrays), non-finite numbers become null, bigints become strings, and text is made
 * storable (see cleanText). Cycles and over-deep nesting become marker strings.
 */
export function redactSecrets(value: unknown): AuditJson {
  return walk(value, 0, new Set());
}

function walk(value: unknown, depth: number, seen: Set<object>): AuditJson {
  if (value === null) return null;
  switch (typeof value) {
    case "string":
      return cleanText(value);
    case "boolean":
      return value;
    case "number":
      return Number.isFinite(value) ? value : null;
    case "bigint":
      return value.toString();
    case "undefined":
    case "function":
    case "symbol":
      return null;
  }
  if (typeof value !== "object") return null;
  if (seen.has(value)) return "[circular]";
  if (depth >= MAX_DEPTH) return "[too deep]";
  const toJSON: unknown = Reflect.get(value, "toJSON");
  if (typeof toJSON === "function") {
    seen.add(value);
    const out = walk(toJSON.call(value), depth, seen);
    seen.delete(value);
    return out;
  }
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => walk(item, depth + 1, seen));
    // Object.fromEntries defines own properties, so a key like "__proto__" stays plain data.
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined && typeof v !== "function" && typeof v !== "symbol")
        .map(([k, v]) => [cleanText(k), SECRET_KEY.test(k) ? REDACTED : walk(v, depth + 1, seen)]),
    );
  } finally {
    seen.delete(value);
  }
}

/**
 * PostgreSQL text and jsonb refuse NUL, and a lone UTF-16 surrogate would be stored as U+FFFD
 * (so its hash would no longer match): both are replaced by U+FFFD up front.
 */
export function cleanText(s: string): string {
  return s.replace(/\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
}
