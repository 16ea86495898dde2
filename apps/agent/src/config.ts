// The agent's configuration, parsed once at boot with zod from three sources: flags, environment
// (SWITCHYARD_AGENT_*) and an optional JSON file (--config FILE). Flags beat the environment,
// which beats the file, which beats the defaults. Every problem is reported at once, each naming
// the option and where its value came from, so an operator fixes a unit file in one pass.
// Pure: reading the file and exiting happen in load-config.ts.
import { parseArgs } from "node:util";
import { LabelKey } from "@switchyard/protocol";
import { z } from "zod";

/** Subcommands of switchyard-agent. */
export const AGENT_COMMANDS = ["run", "collect", "help"] as const;
export type AgentCommand = (typeof AGENT_COMMANDS)[number];

const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** A namespace name under /var/run/netns: one path component, no `/`, not `.` or `..`. */
const NETNS_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/;

const absolutePath = z
  .string()
  .min(1, "must not be empty")
  .refine((p) => p.startsWith("/"), "must be an absolute path")
  .refine((p) => !p.includes("\0"), "must not contain NUL");

const intMs = (min: number, max: number) =>
  z.coerce
    .number({ error: "must be a number of milliseconds" })
    .int("must be a whole number of milliseconds")
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);

/** The validated configuration (field names are the JSON file's keys). */
export const configSchema = z.object({
  /** Base URL of the Switchyard server (http or https); the WebSocket is {server}/agent. Required by `run`. */
  server: z
    .url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" })
    .refine((u) => !/[?#]/.test(u), "must not carry a query or fragment")
    .refine((u) => new URL(u).username === "" && new URL(u).password === "", "must not carry credentials")
    .optional(),
  /** Enrollment token, used only when no credential is stored yet. Prefer the environment (argv is world-readable). */
  enrollmentToken: z.string().min(16, "must be at least 16 characters").max(512).optional(),
  /** Where credential.json (mode 0600), the command journal and status.json live. */
  stateDir: absolutePath.default("/var/lib/switchyard-agent"),
  /** The Docker Engine API socket. */
  dockerSocket: absolutePath.default("/var/run/docker.sock"),
  /** Docker's daemon.json (configured daemon options). */
  daemonJson: absolutePath.default("/etc/docker/daemon.json"),
  /** The file with DOCKER_OPTS (Debian's /etc/default/docker). */
  dockerOptsFile: absolutePath.default("/etc/default/docker"),
  /** The argv that restarts Docker (kept for the daemon-option operations). */
  restartDocker: z
    .array(z.string().min(1, "must not contain empty strings"), { error: "must be a JSON array of strings" })
    .min(1, "must be a non-empty JSON array of strings")
    .default(["systemctl", "restart", "docker"]),
  /** Host labels reported to the server. */
  labels: z
    .record(z.string(), z.string().max(63, "label values are at most 63 characters"))
    .superRefine((labels, ctx) => {
      for (const key of Object.keys(labels)) {
        if (!LabelKey.safeParse(key).success) {
          ctx.addIssue({
            code: "custom",
            path: [key],
            message: `label key "${key.slice(0, 80)}" must be 1-63 lower-case letters, digits, . _ / - (starting with a letter or digit)`,
          });
        }
      }
      if (Object.keys(labels).length > 64) ctx.addIssue({ code: "custom", message: "at most 64 labels" });
    })
    .default({}),
  /** Host name to report; default: the kernel's hostname. */
  hostName: z.string().min(1).max(253).optional(),
  /** The lab host's network namespace (/var/run/netns/NAME); unset in production. */
  netns: z
    .string()
    .regex(NETNS_NAME, "must be a namespace name under /var/run/netns (letters, digits, _ . -)")
    .optional(),
  /** Least severe log level printed. */
  logLevel: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(", ")}` }).default("info"),
  /** First reconnect delay ceiling (full jitter below it). */
  backoffBaseMs: intMs(10, 60_000).default(500),
  /** Largest reconnect delay. */
  backoffCapMs: intMs(100, 600_000).default(30_000),
  /** Quiet time after a change event before re-collecting. */
  debounceMs: intMs(0, 60_000).default(300),
  /** Timeout of every spawned command. */
  commandTimeoutMs: intMs(100, 600_000).default(10_000),
  /** At most this many container namespaces get their own `ip monitor` (the rest rely on the interval). */
  maxNamespaceMonitors: z.coerce.number().int().min(0).max(1024).default(64),
});
export type AgentConfig = z.infer<typeof configSchema>;
export type ConfigKey = keyof AgentConfig;

interface OptionSpec {
  key: ConfigKey;
  flag: string;
  env: string;
  /** How a string from a flag or the environment becomes the value zod checks. */
  kind: "string" | "json-argv" | "labels";
}

const OPTIONS: readonly OptionSpec[] = [
  { key: "server", flag: "server", env: "SWITCHYARD_AGENT_SERVER", kind: "string" },
  {
    key: "enrollmentToken",
    flag: "enrollment-token",
    env: "SWITCHYARD_AGENT_ENROLLMENT_TOKEN",
    kind: "string",
  },
  { key: "stateDir", flag: "state-dir", env: "SWITCHYARD_AGENT_STATE_DIR", kind: "string" },
  { key: "dockerSocket", flag: "docker-socket", env: "SWITCHYARD_AGENT_DOCKER_SOCKET", kind: "string" },
  { key: "daemonJson", flag: "daemon-json", env: "SWITCHYARD_AGENT_DAEMON_JSON", kind: "string" },
  {
    key: "dockerOptsFile",
    flag: "docker-opts-file",
    env: "SWITCHYARD_AGENT_DOCKER_OPTS_FILE",
    kind: "string",
  },
  { key: "restartDocker", flag: "restart-docker", env: "SWITCHYARD_AGENT_RESTART_DOCKER", kind: "json-argv" },
  { key: "labels", flag: "label", env: "SWITCHYARD_AGENT_LABELS", kind: "labels" },
  { key: "hostName", flag: "host-name", env: "SWITCHYARD_AGENT_HOST_NAME", kind: "string" },
  { key: "netns", flag: "netns", env: "SWITCHYARD_AGENT_NETNS", kind: "string" },
  { key: "logLevel", flag: "log-level", env: "SWITCHYARD_AGENT_LOG_LEVEL", kind: "string" },
  { key: "backoffBaseMs", flag: "backoff-base-ms", env: "SWITCHYARD_AGENT_BACKOFF_BASE_MS", kind: "string" },
  { key: "backoffCapMs", flag: "backoff-cap-ms", env: "SWITCHYARD_AGENT_BACKOFF_CAP_MS", kind: "string" },
  { key: "debounceMs", flag: "debounce-ms", env: "SWITCHYARD_AGENT_DEBOUNCE_MS", kind: "string" },
  {
    key: "commandTimeoutMs",
    flag: "command-timeout-ms",
    env: "SWITCHYARD_AGENT_COMMAND_TIMEOUT_MS",
    kind: "string",
  },
  {
    key: "maxNamespaceMonitors",
    flag: "max-namespace-monitors",
    env: "SWITCHYARD_AGENT_MAX_NAMESPACE_MONITORS",
    kind: "string",
  },
];

/** The parsed command line: what to do, and with what. */
export interface Invocation {
  command: AgentCommand;
  /** `collect --json`: print the snapshot as JSON. */
  json: boolean;
  config: AgentConfig;
}

/** Where each value came from, to name it in an error. */
type Source = { from: "flag"; name: string } | { from: "env"; name: string } | { from: "file"; name: string };

/** Raw inputs of parseConfig (the caller reads the file). */
export interface ConfigSources {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  /** Text of the --config file (or SWITCHYARD_AGENT_CONFIG), when one was named. */
  fileText?: string | undefined;
  /** The file's path, for messages. */
  filePath?: string | undefined;
}

export type ConfigResult = { ok: true; value: Invocation } | { ok: false; problems: string[] };

/** The --config path named on the command line or in the environment (read before parseConfig). */
export function configFilePath(argv: readonly string[], env: ConfigSources["env"]): string | undefined {
  const tokens = tokenize(argv);
  if (tokens.ok && typeof tokens.values.config === "string") return tokens.values.config;
  return env.SWITCHYARD_AGENT_CONFIG || undefined;
}

function tokenize(argv: readonly string[]) {
  const options: Record<string, { type: "string" | "boolean"; multiple?: boolean }> = {
    config: { type: "string" },
    json: { type: "boolean" },
    help: { type: "boolean" },
  };
  for (const o of OPTIONS)
    options[o.flag] = o.kind === "labels" ? { type: "string", multiple: true } : { type: "string" };
  try {
    const parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
    return { ok: true as const, values: parsed.values, positionals: parsed.positionals };
  } catch (err) {
    return { ok: false as const, error: err instanceof Error ? err.message : String(err) };
  }
}

/** Parses "k=v" pairs; problems are pushed, not thrown. */
function parseLabelPairs(
  pairs: readonly string[],
  problems: string[],
  where: string,
): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0) {
      problems.push(`${where}: "${pair.slice(0, 80)}" is not key=value`);
      continue;
    }
    labels[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return labels;
}

function describe(source: Source): string {
  switch (source.from) {
    case "flag":
      return `--${source.name}`;
    case "env":
      return `${source.name} (environment)`;
    case "file":
      return `"${source.name}" in the config file`;
  }
}

/** Parses argv, environment and file text into an Invocation, or every problem found. */
export function parseConfig(sources: ConfigSources): ConfigResult {
  const problems: string[] = [];
  const tokens = tokenize(sources.argv);
  if (!tokens.ok) return { ok: false, problems: [tokens.error] };
  const [commandName = "run", ...extra] = tokens.positionals;
  if (tokens.values.help === true || commandName === "help") {
    return { ok: true, value: { command: "help", json: false, config: configSchema.parse({}) } };
  }
  const command = AGENT_COMMANDS.find((c) => c === commandName);
  if (!command)
    problems.push(`unknown command "${commandName}" (expected one of ${AGENT_COMMANDS.join(", ")})`);
  if (extra.length > 0) problems.push(`unexpected arguments: ${extra.join(" ")}`);
  const json = tokens.values.json === true;
  if (json && command !== "collect") problems.push("--json applies only to `collect`");

  const raw: Partial<Record<ConfigKey, unknown>> = {};
  const source: Partial<Record<ConfigKey, Source>> = {};

  // Lowest precedence first: file, then environment, then flags.
  if (sources.fileText !== undefined) {
    const where = `config file ${sources.filePath ?? ""}`.trim();
    let fileJson: unknown;
    try {
      fileJson = JSON.parse(sources.fileText);
    } catch (err) {
      problems.push(`${where}: not valid JSON (${err instanceof Error ? err.message : String(err)})`);
    }
    if (fileJson !== undefined) {
      if (typeof fileJson !== "object" || fileJson === null || Array.isArray(fileJson)) {
        problems.push(`${where}: must be a JSON object`);
      } else {
        const known = new Set<string>(OPTIONS.map((o) => o.key));
        for (const [key, value] of Object.entries(fileJson)) {
          if (!known.has(key)) {
            problems.push(`${where}: unknown key "${key}"`);
            continue;
          }
          const k = key as ConfigKey; // checked against OPTIONS just above
          raw[k] = value;
          source[k] = { from: "file", name: key };
        }
      }
    }
  }
  for (const o of OPTIONS) {
    const text = sources.env[o.env];
    if (text === undefined || text === "") continue;
    const texts = o.kind === "labels" ? text.split(",") : [text];
    const value = fromText(o, texts, problems, `${o.env} (environment)`);
    if (value !== undefined) {
      raw[o.key] = value;
      source[o.key] = { from: "env", name: o.env };
    }
  }
  for (const o of OPTIONS) {
    const given = tokens.values[o.flag];
    if (given === undefined || typeof given === "boolean") continue;
    const texts = Array.isArray(given) ? given.filter((g): g is string => typeof g === "string") : [given];
    const value = fromText(o, texts, problems, `--${o.flag}`);
    if (value !== undefined) {
      raw[o.key] = value;
      source[o.key] = { from: "flag", name: o.flag };
    }
  }

  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path[0];
      const spec = OPTIONS.find((o) => o.key === key);
      const src = spec ? source[spec.key] : undefined;
      const name = src ? describe(src) : spec ? `--${spec.flag}` : String(key);
      const sub = issue.path.length > 1 ? ` [${issue.path.slice(1).map(String).join(".")}]` : "";
      problems.push(`${name}${sub}: ${issue.message}`);
    }
  }
  if (parsed.success && command === "run" && parsed.data.server === undefined) {
    problems.push("--server (or SWITCHYARD_AGENT_SERVER): required to run the agent");
  }
  if (parsed.success && parsed.data.backoffBaseMs > parsed.data.backoffCapMs) {
    problems.push("--backoff-base-ms: must not exceed --backoff-cap-ms");
  }
  if (problems.length > 0 || !parsed.success || !command) return { ok: false, problems };
  return { ok: true, value: { command, json, config: parsed.data } };
}

function fromText(spec: OptionSpec, texts: readonly string[], problems: string[], where: string): unknown {
  switch (spec.kind) {
    case "string":
      return texts[texts.length - 1];
    case "labels":
      return parseLabelPairs(
        texts.map((t) => t.trim()).filter((t) => t !== ""),
        problems,
        where,
      );
    case "json-argv": {
      const text = texts[texts.length - 1] ?? "";
      try {
        return JSON.parse(text) as unknown;
      } catch {
        problems.push(`${where}: must be a JSON array of strings, e.g. '["systemctl","restart","docker"]'`);
        return undefined;
      }
    }
  }
}

/** The usage text of `switchyard-agent --help`. */
export const USAGE = `Usage: switchyard-agent [run|collect|help] [options]

  run                      enroll (first start), connect, report (default)
  collect [--json]         collect once and print the snapshot; no server

Options (flag, or environment SWITCHYARD_AGENT_*, or key in --config FILE):
${OPTIONS.map((o) => `  --${o.flag.padEnd(24)} ${o.env}`).join("\n")}
  --config FILE            JSON file with the same options (camelCase keys)
See apps/agent/README.md for what each option means.
`;
