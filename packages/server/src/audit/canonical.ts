// Canonical JSON for hashing: the same value always yields the same text, whatever order its
// keys were built or stored in (jsonb reorders them). Object keys are sorted by UTF-16 code
// units and there is no whitespace; strings and numbers use JSON.stringify's (ECMAScript)
// forms. That is the RFC 8785 (JCS) scheme, so an auditor can re-check a row with any JCS
// implementation. Dates are never passed in raw: rows carry `time` as a fixed-format string.

/** What canonicalJson accepts: plain JSON. */
export type CanonicalValue =
  | string
  | number
  | boolean
  | null
  | readonly CanonicalValue[]
  | { readonly [key: string]: CanonicalValue | undefined };

export function canonicalJson(value: CanonicalValue): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} is not a JSON number`);
      return JSON.stringify(value);
    case "object":
      break;
    default:
      throw new TypeError(`canonicalJson: unsupported ${typeof value}`);
  }
  if (Array.isArray(value)) {
    return `[${value.map((item: CanonicalValue) => canonicalJson(item)).join(",")}]`;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) {
    throw new TypeError("canonicalJson: only plain objects, arrays and JSON scalars are accepted");
  }
  const parts: string[] = [];
  // Default sort compares UTF-16 code units, as JCS requires.
  for (const key of Object.keys(value).sort()) {
    const item = (value as { readonly [key: string]: CanonicalValue | undefined })[key];
    if (item === undefined) continue; // like JSON.stringify: an undefined property is absent
    parts.push(`${JSON.stringify(key)}:${canonicalJson(item)}`);
  }
  return `{${parts.join(",")}}`;
}
