import { apiClient, CliError } from "../client.ts";
import type { Credentials } from "../credentials.ts";
import { type Io, out } from "../io.ts";

export async function hostsList(
  io: Io,
  creds: Credentials,
  opts: { search?: string | undefined; json: boolean },
) {
  const client = apiClient(creds);
  type Page = Awaited<ReturnType<typeof client.hosts.list.query>>;
  const items: Page["items"] = [];
  let cursor: string | null = null;
  do {
    const page: Page = await client.hosts.list.query({
      search: opts.search,
      cursor,
      limit: 200,
    });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  out(io, opts.json, items, () =>
    items.length === 0
      ? "No hosts in your scope."
      : items
          .map((h) => {
            const labels = Object.entries(h.labels)
              .map(([k, v]) => `${k}=${v}`)
              .join(",");
            return `${h.name}\t${h.status}\t${labels}`;
          })
          .join("\n"),
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One host by id or exact name: its row, latest snapshot and recent timeline. */
export async function hostsShow(io: Io, creds: Credentials, host: string | undefined, json: boolean) {
  if (!host) throw new CliError("hosts show: the host name or id is required");
  const client = apiClient(creds);
  let hostId = UUID.test(host) ? host : null;
  if (!hostId) {
    const page = await client.hosts.list.query({ search: host, limit: 200 });
    hostId = page.items.find((h) => h.name === host)?.id ?? null;
    if (!hostId) throw new CliError(`hosts show: no host named "${host}" in your scope`);
  }
  const detail = await client.hosts.get.query({ hostId });
  out(io, json, detail, () => {
    const h = detail.host;
    const s = detail.snapshot;
    const lines = [
      `${h.name} (${h.id})`,
      `  status ${h.status}, agent ${h.agentVersion ?? "—"}, last seen ${h.lastSeenAt?.toISOString() ?? "never"}`,
      `  labels ${
        Object.entries(h.labels)
          .map(([k, v]) => `${k}=${v}`)
          .join(",") || "—"
      }`,
      `  containers ${h.containerCount ?? "—"}, bridges ${h.bridgeCount ?? "—"}, links ${h.linkCount ?? "—"}, NAT rules ${h.natRuleCount ?? "—"}`,
    ];
    if (!s) lines.push("  no snapshot yet");
    return lines.join("\n");
  });
}
