import { apiClient } from "../client.ts";
import type { Credentials } from "../credentials.ts";
import { type Io, out } from "../io.ts";

export async function whoami(io: Io, creds: Credentials, json: boolean) {
  const me = await apiClient(creds).auth.whoami.query();
  out(io, json, { server: creds.server, ...me }, () => {
    const grants = me.grants.map((g) => `  ${g.role}${g.selector ? ` (${g.selector})` : " (all hosts)"}`);
    return [`${me.username} on ${creds.server} (${me.kind})`, ...grants].join("\n");
  });
}
