import { apiClient, CliError } from "../client.ts";
import type { Credentials } from "../credentials.ts";
import { type Io, out } from "../io.ts";

const ROLES = ["viewer", "operator", "admin"] as const;

/** "30" or "30d" days, "12h" hours, or "never". */
export function parseExpiry(text: string | undefined): number | null {
  if (text === undefined) return 90;
  if (text === "never") return null;
  const m = /^(\d+(?:\.\d+)?)([dh]?)$/.exec(text.trim());
  if (!m) throw new CliError(`--expires: use days (30 or 30d), hours (12h) or "never", not "${text}"`);
  const n = Number(m[1]);
  return m[2] === "h" ? n / 24 : n;
}

export async function tokenCreate(
  io: Io,
  creds: Credentials,
  opts: {
    role?: string | undefined;
    selector?: string | undefined;
    expires?: string | undefined;
    name?: string | undefined;
    json: boolean;
  },
) {
  const role = ROLES.find((r) => r === opts.role);
  if (!role) throw new CliError(`--role: one of ${ROLES.join(", ")} is required`);
  const expiresInDays = parseExpiry(opts.expires);
  const name = opts.name ?? `cli-${new Date().toISOString().slice(0, 10)}`;
  const created = await apiClient(creds).tokens.create.mutate({
    name,
    grants: [{ role, selector: opts.selector ?? null }],
    expiresInDays,
  });
  out(
    io,
    opts.json,
    {
      id: created.id,
      token: created.token,
      name,
      role,
      selector: opts.selector ?? null,
      expiresAt: created.expiresAt,
    },
    () =>
      `${created.token}\n(token ${created.id}, ${role}${opts.selector ? ` ${opts.selector}` : ""}, expires ${created.expiresAt?.toISOString() ?? "never"}; shown once)`,
  );
}

export async function tokenList(io: Io, creds: Credentials, json: boolean) {
  const page = await apiClient(creds).tokens.list.query({ limit: 200 });
  out(io, json, page.items, () =>
    page.items.length === 0
      ? "No tokens."
      : page.items
          .map(
            (t) =>
              `${t.id}  ${t.name ?? ""}  ${t.start ?? ""}…  ${t.revoked ? "revoked" : "active"}  expires ${t.expiresAt?.toISOString() ?? "never"}`,
          )
          .join("\n"),
  );
}

export async function tokenRevoke(io: Io, creds: Credentials, id: string | undefined, json: boolean) {
  if (!id) throw new CliError("token revoke: the token id is required");
  await apiClient(creds).tokens.revoke.mutate({ tokenId: id });
  out(io, json, { ok: true, id }, () => `Revoked ${id}.`);
}
