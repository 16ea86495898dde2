// daemon.json for lab hosts: the lab's base object merged with the operator's --daemon-json.
// Keys the lab passes as dockerd flags are refused: dockerd would not start ("directives are
// specified both as a flag and in the configuration file"), and a data-root or exec-root moved
// out of the lab folders would escape `lab down`.
import { z } from "zod";

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

const jsonValue: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(jsonValue),
    z.record(z.string(), jsonValue),
  ]),
);
export const jsonObjectSchema: z.ZodType<JsonObject> = z.record(z.string(), jsonValue);

/** Set by the lab on dockerd's command line, so not allowed in daemon.json. */
export const LAB_OWNED_KEYS = [
  "data-root",
  "graph",
  "exec-root",
  "hosts",
  "pidfile",
  "storage-driver",
  "cgroup-parent",
] as const;

/** The base every lab host starts from; empty on purpose: Docker's defaults are what we test. */
export const BASE_DAEMON_JSON: JsonObject = {};

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Deep-merges `override` into `base` (objects merge, everything else replaces). Pure. */
export function mergeDaemonJson(base: JsonObject, override: JsonObject): JsonObject {
  const out: JsonObject = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = out[key];
    out[key] = isObject(current) && isObject(value) ? mergeDaemonJson(current, value) : value;
  }
  return out;
}

/** Parses an operator's --daemon-json text; errors name the option and the offending key. */
export function parseDaemonJsonOverride(text: string, source: string): JsonObject {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new Error(`--daemon-json ${source}: not valid JSON (${err instanceof Error ? err.message : err})`);
  }
  const parsed = jsonObjectSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`--daemon-json ${source}: must be a JSON object`);
  const owned = LAB_OWNED_KEYS.filter((key) => key in parsed.data);
  if (owned.length > 0) {
    throw new Error(
      `--daemon-json ${source}: key(s) ${owned.join(", ")} are set by the lab on dockerd's command line`,
    );
  }
  return parsed.data;
}

export function renderDaemonJson(config: JsonObject): string {
  return `${JSON.stringify(config, null, 2)}\n`;
}
