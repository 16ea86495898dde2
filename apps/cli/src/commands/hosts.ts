import { apiClient } from "../client.ts";
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
