// Label selectors limit a grant to some hosts: `env=staging`, `site in (a,b)`,
// `env!=prod`, `site notin (x)`, `gpu` (has the label), `!gpu` (lacks it); requirements
// joined by commas must all hold. The syntax follows Kubernetes' equality- and set-based
// selectors, which operators already know. Pure: parsing, matching, printing.

export type Requirement =
  | { op: "eq" | "neq"; key: string; value: string }
  | { op: "in" | "notin"; key: string; values: string[] }
  | { op: "exists" | "absent"; key: string };

export type LabelSelector = Requirement[];

export const MAX_SELECTOR_LENGTH = 256;
/** A label key, as selectors and host labels accept it. */
export const LABEL_KEY_PATTERN = /^[A-Za-z0-9]([A-Za-z0-9_.\-/]{0,61}[A-Za-z0-9])?$/;
/** A label value (may be empty). */
export const LABEL_VALUE_PATTERN = /^([A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?)?$/;

/** Compile-time exhaustiveness: a new operator must be handled everywhere. */
export function unreachable(r: never): never {
  throw new Error(`unhandled requirement ${JSON.stringify(r)}`);
}

export class SelectorError extends Error {
  override readonly name = "SelectorError";
}

/** Splits on commas that are not inside parentheses. */
function splitTop(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "," && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
    if (depth < 0 || depth > 1) throw new SelectorError("unbalanced parentheses");
  }
  if (depth !== 0) throw new SelectorError("unbalanced parentheses");
  parts.push(text.slice(start));
  return parts;
}

function checkKey(key: string): string {
  if (!LABEL_KEY_PATTERN.test(key)) throw new SelectorError(`invalid label key "${key}"`);
  return key;
}

function checkValue(value: string): string {
  if (!LABEL_VALUE_PATTERN.test(value)) throw new SelectorError(`invalid label value "${value}"`);
  return value;
}

function parseRequirement(raw: string): Requirement {
  const text = raw.trim();
  if (text === "") throw new SelectorError("empty requirement");
  const set = /^(\S+)\s+(in|notin)\s*\((.*)\)$/.exec(text);
  if (set) {
    const [, key = "", op = "in", list = ""] = set;
    const values = list.split(",").map((v) => checkValue(v.trim()));
    if (values.length === 0 || values.some((v) => v === ""))
      throw new SelectorError(`empty value in "${text}"`);
    return { op: op === "in" ? "in" : "notin", key: checkKey(key), values: [...new Set(values)].sort() };
  }
  const eq = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(text);
  if (eq) {
    const [, key = "", op = "=", value = ""] = eq;
    return { op: op === "!=" ? "neq" : "eq", key: checkKey(key), value: checkValue(value) };
  }
  if (text.startsWith("!")) return { op: "absent", key: checkKey(text.slice(1).trim()) };
  return { op: "exists", key: checkKey(text) };
}

/** Parses a selector; throws SelectorError naming the offending part. */
export function parseSelector(text: string): LabelSelector {
  if (text.length > MAX_SELECTOR_LENGTH)
    throw new SelectorError(`longer than ${MAX_SELECTOR_LENGTH} characters`);
  if (text.trim() === "") throw new SelectorError("empty selector");
  return splitTop(text).map(parseRequirement);
}

export function matchesSelector(selector: LabelSelector, labels: Record<string, string>): boolean {
  return selector.every((r) => {
    const has = Object.hasOwn(labels, r.key);
    const v = labels[r.key];
    switch (r.op) {
      case "eq":
        return has && v === r.value;
      case "neq":
        return !has || v !== r.value;
      case "in":
        return has && v !== undefined && r.values.includes(v);
      case "notin":
        return !has || (v !== undefined && !r.values.includes(v));
      case "exists":
        return has;
      case "absent":
        return !has;
      default:
        return unreachable(r);
    }
  });
}

/** Canonical text of a parsed selector (what is stored). */
export function formatSelector(selector: LabelSelector): string {
  return selector
    .map((r) => {
      switch (r.op) {
        case "eq":
          return `${r.key}=${r.value}`;
        case "neq":
          return `${r.key}!=${r.value}`;
        case "in":
        case "notin":
          return `${r.key} ${r.op} (${r.values.join(",")})`;
        case "exists":
          return r.key;
        case "absent":
          return `!${r.key}`;
        default:
          return unreachable(r);
      }
    })
    .join(",");
}
