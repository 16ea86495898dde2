import { apiClient, CliError } from "../client.ts";
import type { Credentials } from "../credentials.ts";
import { type Io, out } from "../io.ts";

/** "30m", "2h", "1d" or plain seconds. */
export function parseTtl(text: string | undefined): number {
  if (text === undefined) return 3600;
  const m = /^(\d+)([smhd]?)$/.exec(text.trim());
  if (!m) throw new CliError(`--ttl: use seconds or a number with s, m, h or d (e.g. 30m), not "${text}"`);
  const n = Number(m[1]);
  return n * ({ s: 1, m: 60, h: 3600, d: 86400 }[m[2] || "s"] ?? 1);
}

export async function enrollTokenCreate(
  io: Io,
  creds: Credentials,
  opts: {
    ttl?: string | undefined;
    uses?: string | undefined;
    name?: string | undefined;
    labels?: string[] | undefined;
    json: boolean;
  },
) {
  const maxUses = opts.uses === undefined ? 1 : Number(opts.uses);
  if (!Number.isInteger(maxUses) || maxUses < 1) throw new CliError("--uses: a whole number of at least 1");
  const labels: Record<string, string> = {};
  for (const l of opts.labels ?? []) {
    const [k, v] = l.split("=");
    if (!k || v === undefined) throw new CliError(`--label: "${l}" is not key=value`);
    labels[k] = v;
  }
  const created = await apiClient(creds).agents.createEnrollmentToken.mutate({
    name: opts.name ?? `cli-${new Date().toISOString().slice(0, 10)}`,
    ttlSeconds: parseTtl(opts.ttl),
    maxUses,
    labels,
  });
  const command = ["pnpm", "agent", "--server", creds.server, "--enrollment-token", created.token];
  out(
    io,
    opts.json,
    { ...created, maxUses, command },
    () =>
      `${created.token}\n(expires ${created.expiresAt.toISOString()}, ${maxUses} use(s); start an agent with: ${command.join(" ")})`,
  );
}
