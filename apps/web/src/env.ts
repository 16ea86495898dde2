// The web app's configuration, parsed once from the environment. process.env is read
// nowhere else in apps/web.
import { resolve } from "node:path";
import { z } from "zod";

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** Address the HTTP server binds; loopback by default. */
  HOST: z.string().min(1).default("127.0.0.1"),
  /** TCP port of the web app and the /agent gateway. */
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** PostgreSQL URL; when unset, the embedded PGlite database in SWITCHYARD_DATA_DIR is used. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .optional(),
  /**
   * PostgreSQL URL of the schema owner, used only to apply migrations at start-up. Set it
   * when DATABASE_URL is the restricted app role (`pnpm maintenance audit-app-role`).
   */
  SWITCHYARD_MIGRATION_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .optional(),
  /** Folder of the embedded database and other local state. */
  SWITCHYARD_DATA_DIR: z.string().min(1).default(".data"),
  /** URL browsers use to reach the app; Origin checks and cookies follow it. Default http://HOST:PORT. */
  SWITCHYARD_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Secret that signs session cookies (≥ 32 chars). Default: generated once into the data folder. */
  SWITCHYARD_AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  /** Password of the first `admin` user, used only when the database has no user yet. */
  SWITCHYARD_ADMIN_PASSWORD: z.string().min(1).optional(),
  /** "1": also start an agent for this machine (scripts/run.sh sets it); its state lives in the data folder. */
  SWITCHYARD_LOCAL_AGENT: z.enum(["0", "1"]).default("0"),
  /** A session unused this long ends. */
  SWITCHYARD_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(10080).default(480),
  /** A session ends this long after sign-in, used or not. */
  SWITCHYARD_SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(720).default(24),
});

export type Env = z.infer<typeof schema> & { dataDir: string; stateDir: string; publicUrl: string };

export class EnvError extends Error {
  override readonly name = "EnvError";
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new EnvError(`invalid configuration:\n${lines.join("\n")}`);
  }
  const d = parsed.data;
  if (d.SWITCHYARD_MIGRATION_URL && !d.DATABASE_URL) {
    throw new EnvError(
      "invalid configuration:\n  SWITCHYARD_MIGRATION_URL: needs DATABASE_URL (it has no meaning for the embedded database)",
    );
  }
  return {
    ...d,
    stateDir: resolve(d.SWITCHYARD_DATA_DIR),
    dataDir: resolve(d.SWITCHYARD_DATA_DIR, "pglite"),
    publicUrl: (
      d.SWITCHYARD_PUBLIC_URL ?? `http://${d.HOST.includes(":") ? `[${d.HOST}]` : d.HOST}:${d.PORT}`
    ).replace(/\/$/, ""),
  };
}

let cached: Env | undefined;
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
