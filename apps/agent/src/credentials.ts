// The per-agent credential, stored once after enrollment in <state-dir>/credential.json with mode
// 0600 (the folder 0700), written atomically so a crash never leaves half a secret. It is read
// with zod like any other input.
import { chmod, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { HostId } from "@switchyard/protocol";
import { z } from "zod";

export const StoredCredential = z.object({
  /** The server it was issued by (a credential is useless anywhere else). */
  server: z.string().min(1),
  hostId: HostId,
  agentId: HostId,
  credential: z.string().min(32).max(512),
});
export type StoredCredential = z.infer<typeof StoredCredential>;

export function credentialPath(stateDir: string): string {
  return path.join(stateDir, "credential.json");
}

/** Creates the state folder (0700) if needed. */
export async function ensureStateDir(stateDir: string): Promise<void> {
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
}

/** The stored credential; null when none is stored; throws when the file is unreadable or damaged. */
export async function readCredential(stateDir: string): Promise<StoredCredential | null> {
  const file = credentialPath(stateDir);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    if (err instanceof Error && "code" in err && err.code === "ENOENT") return null;
    throw err;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${file} is not valid JSON; remove it to enroll again`);
  }
  const parsed = StoredCredential.safeParse(json);
  if (!parsed.success) throw new Error(`${file} is not a credential file; remove it to enroll again`);
  return parsed.data;
}

export async function writeCredential(stateDir: string, credential: StoredCredential): Promise<void> {
  const file = credentialPath(stateDir);
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(credential, null, 2)}\n`, { mode: 0o600 });
  await chmod(tmp, 0o600); // writeFile's mode is masked by the umask
  await rename(tmp, file);
}
