// The CLI's arguments, parsed with node:util and validated with zod. Pure: errors name the
// option (or positional) that is wrong and say what is expected.
import { parseArgs } from "node:util";
import { z } from "zod";
import { labDirSchema, MAX_CONTAINERS, MAX_HOSTS, runDirSchema } from "./config.ts";

export type Command =
  | {
      cmd: "up";
      hosts: number;
      containers: number;
      daemonJson: string | undefined;
      /** --server URL: start one agent per host reporting there. */
      server: string | undefined;
      /** --token T: the enrollment token the agents use (only with --server). */
      token: string | undefined;
      common: CommonArgs;
    }
  | { cmd: "status"; common: CommonArgs }
  | { cmd: "restart-docker"; host: string; common: CommonArgs }
  | { cmd: "down"; common: CommonArgs }
  | { cmd: "help" };

export interface CommonArgs {
  json: boolean;
  /** --state-dir; overrides SY_LAB_DIR. */
  stateDir: string | undefined;
  /** --run-dir; overrides SY_LAB_RUN_DIR. */
  runDir: string | undefined;
}

export class UsageError extends Error {
  override readonly name = "UsageError";
}

const OPTIONS = {
  json: { type: "boolean" },
  "state-dir": { type: "string" },
  "run-dir": { type: "string" },
  hosts: { type: "string" },
  containers: { type: "string" },
  "daemon-json": { type: "string" },
  server: { type: "string" },
  token: { type: "string" },
} as const;

export const COMMANDS = ["up", "status", "restart-docker", "down", "help"] as const;

const count = (flag: string, min: number, max: number) =>
  z
    .string({ error: `${flag} is required` })
    .regex(/^[0-9]+$/, `must be a whole number from ${min} to ${max}`)
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(min, `must be a whole number from ${min} to ${max}`)
        .max(max, `must be a whole number from ${min} to ${max}`),
    );

const commonSchema = {
  json: z.boolean().default(false),
  "state-dir": labDirSchema.optional(),
  "run-dir": runDirSchema.optional(),
};

const upSchema = z
  .object({
    ...commonSchema,
    hosts: count("--hosts", 1, MAX_HOSTS),
    containers: count("--containers", 0, MAX_CONTAINERS).default(0),
    "daemon-json": z.string().min(1, "must name a file").optional(),
    server: z
      .url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" })
      .refine((u) => !/[?#]/.test(u), "must not carry a query or fragment")
      .optional(),
    token: z.string().min(16, "must be an enrollment token (at least 16 characters)").max(512).optional(),
    positionals: z.array(z.string()).max(0, "up takes no positional arguments"),
  })
  .refine((v) => v.token === undefined || v.server !== undefined, {
    path: ["token"],
    message: "needs --server (the agents' server)",
  });

const plainSchema = (cmd: string) =>
  z.object({
    ...commonSchema,
    positionals: z.array(z.string()).max(0, `${cmd} takes no positional arguments`),
  });

const restartSchema = z.object({
  ...commonSchema,
  positionals: z
    .array(z.string())
    .length(1, "restart-docker takes exactly one host, e.g. restart-docker h1")
    .refine(([host]) => host !== undefined && /^h[1-9][0-9]*$/.test(host), "<host> must look like h1, h2, …"),
});

/** Options each command accepts (anything else is an error naming the option). */
const ALLOWED: Record<Exclude<Command["cmd"], "help">, readonly string[]> = {
  up: ["json", "state-dir", "run-dir", "hosts", "containers", "daemon-json", "server", "token"],
  status: ["json", "state-dir", "run-dir"],
  "restart-docker": ["json", "state-dir", "run-dir"],
  down: ["json", "state-dir", "run-dir"],
};

function fieldName(cmd: string, key: PropertyKey | undefined): string {
  if (key === undefined || key === "positionals") return cmd === "restart-docker" ? "<host>" : "arguments";
  return `--${String(key)}`;
}

function formatIssues(cmd: string, error: z.ZodError): string {
  return error.issues
    .map((issue) => `lab ${cmd}: ${fieldName(cmd, issue.path[0])}: ${issue.message}`)
    .join("\n");
}

function tokenize(cmd: string, rest: string[]) {
  try {
    return parseArgs({ args: rest, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(`lab ${cmd}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function commonOf(data: { json: boolean; "state-dir"?: string | undefined; "run-dir"?: string | undefined }) {
  return { json: data.json, stateDir: data["state-dir"], runDir: data["run-dir"] };
}

export function parseCli(argv: readonly string[]): Command {
  const [cmd, ...rest] = argv;
  if (cmd === undefined || cmd === "help" || cmd === "--help" || cmd === "-h") return { cmd: "help" };
  if (cmd !== "up" && cmd !== "status" && cmd !== "restart-docker" && cmd !== "down") {
    throw new UsageError(`lab: unknown command "${cmd}" (expected one of ${COMMANDS.join(", ")})`);
  }
  const parsed = tokenize(cmd, rest);
  const given = Object.keys(parsed.values);
  const unexpected = given.filter((key) => !ALLOWED[cmd].includes(key));
  if (unexpected.length > 0) {
    throw new UsageError(
      `lab ${cmd}: option ${unexpected.map((k) => `--${k}`).join(", ")} does not apply here`,
    );
  }
  const input = { ...parsed.values, positionals: parsed.positionals };
  switch (cmd) {
    case "up": {
      const r = upSchema.safeParse(input);
      if (!r.success) throw new UsageError(formatIssues(cmd, r.error));
      return {
        cmd,
        hosts: r.data.hosts,
        containers: r.data.containers,
        daemonJson: r.data["daemon-json"],
        server: r.data.server,
        token: r.data.token,
        common: commonOf(r.data),
      };
    }
    case "restart-docker": {
      const r = restartSchema.safeParse(input);
      if (!r.success) throw new UsageError(formatIssues(cmd, r.error));
      const [host = ""] = r.data.positionals;
      return { cmd, host, common: commonOf(r.data) };
    }
    case "status":
    case "down": {
      const r = plainSchema(cmd).safeParse(input);
      if (!r.success) throw new UsageError(formatIssues(cmd, r.error));
      return { cmd, common: commonOf(r.data) };
    }
  }
}

export const USAGE = `Usage: pnpm lab <command> [options]

Commands:
  up --hosts N [--containers M] [--daemon-json FILE] [--server URL [--token T]]
                         create N lab hosts (netns sy-h<i> + own dockerd), M containers each;
                         with --server, one Switchyard agent per host (enrolling with --token)
  status                 show each host: namespace, socket, daemon.json, dockerd, containers
  restart-docker <host>  restart one host's dockerd with its current daemon.json
  down                   remove exactly what the lab created
  help                   this text

Options (every command):
  --json                 print one JSON document on stdout
  --state-dir DIR        lab state folder (default $SY_LAB_DIR or /var/lib/sy-lab)
  --run-dir DIR          lab run folder for new labs (default $SY_LAB_RUN_DIR or /run/sy-lab)

Environment:
  SY_LAB_DIR, SY_LAB_RUN_DIR   default lab folders
  SY_LAB_FAIL_AFTER=h2:dockerd test-only: make \`up\` fail after that step on that host
                               (steps: netns, dirs, dockerd, image, containers)
`;
