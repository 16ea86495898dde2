// Canonical JSON: object keys sorted by code unit, no whitespace, `undefined` members dropped
// (as JSON.stringify does). Two equal documents always serialise to the same string, whatever
// order their keys were built in, so the string can be hashed and compared.

/** Canonical JSON text of a JSON-compatible value. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") {
    // Numbers, strings and booleans as JSON.stringify writes them; a non-finite number is null.
    return JSON.stringify(value) ?? "null";
  }
  if (Array.isArray(value)) {
    return `[${value.map((item) => (item === undefined ? "null" : canonicalJson(item))).join(",")}]`;
  }
  const record = value as Record<string, unknown>;
  const members = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
  return `{${members.join(",")}}`;
}
