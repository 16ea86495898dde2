// <state-dir>/status.json: the agent's connection state, rewritten on each change of state (not
// per retry), so `lab status` and an operator can see it without asking the server.
import { rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";

export const AgentStatus = z.object({
  pid: z.number().int(),
  /** enrolling | connecting | connected | disconnected | unauthenticated | revoked | stopped | failed */
  state: z.string(),
  /** One line: why (the close code, the network error). */
  detail: z.string(),
  since: z.string(),
  hostId: z.string().nullable(),
});
export type AgentStatus = z.infer<typeof AgentStatus>;

export function statusPath(stateDir: string): string {
  return path.join(stateDir, "status.json");
}

export async function writeStatus(stateDir: string, status: AgentStatus): Promise<void> {
  const file = statusPath(stateDir);
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(status)}\n`, { mode: 0o644 });
  await rename(tmp, file);
}
