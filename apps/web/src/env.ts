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
  /** Folder of the embedded database and other local state. */
  SWITCHYARD_DATA_DIR: z.string().min(1).default(".data"),
});

export type Env = z.infer<typeof schema> & { dataDir: string };

export class EnvError extends Error {
  override readonly name = "EnvError";
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new EnvError(`invalid configuration:\n${lines.join("\n")}`);
  }
  return { ...parsed.data, dataDir: resolve(parsed.data.SWITCHYARD_DATA_DIR, "pglite") };
}

let cached: Env | undefined;
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
