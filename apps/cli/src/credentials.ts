// Where the CLI keeps its credential: one JSON file, mode 0600, in the user's config
// folder. SWITCHYARD_URL and SWITCHYARD_TOKEN override it.
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { z } from "zod";

const fileSchema = z.object({
  server: z.url(),
  /** An API token (Authorization: Bearer). */
  token: z.string().min(1).optional(),
  /** A browser-style session cookie from `login --user`. */
  cookie: z.string().min(1).optional(),
  username: z.string().optional(),
});
export type Credentials = z.infer<typeof fileSchema>;

export function credentialsPath(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), ".config");
  return join(base, "switchyard", "credentials.json");
}

export function readCredentials(env: NodeJS.ProcessEnv): Credentials | null {
  let stored: Credentials | null = null;
  try {
    stored = fileSchema.parse(JSON.parse(readFileSync(credentialsPath(env), "utf8")));
  } catch {
    stored = null;
  }
  const server = env.SWITCHYARD_URL || stored?.server;
  if (!server) return null;
  if (env.SWITCHYARD_TOKEN) return { server, token: env.SWITCHYARD_TOKEN };
  return stored ? { ...stored, server } : { server };
}

export function writeCredentials(env: NodeJS.ProcessEnv, creds: Credentials): string {
  const file = credentialsPath(env);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, `${JSON.stringify(fileSchema.parse(creds), null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600); // an existing file keeps its old mode on write
  return file;
}

export function removeCredentials(env: NodeJS.ProcessEnv): void {
  rmSync(credentialsPath(env), { force: true });
}
