import {
  latestHostEvent,
  listHosts,
  loadPermissions,
  parseSelector,
  SelectorError,
  scopeOf,
} from "@switchyard/server";
import { LiveRefresh } from "../components/live-refresh.tsx";
import { getDb } from "../server/db.ts";
import { getServerDeps } from "../server/deps.ts";
import { requirePrincipal } from "../server/session.ts";

export const dynamic = "force-dynamic";

export default async function FleetPage({
  searchParams,
}: {
  searchParams: Promise<{ q?: string; labels?: string }>;
}) {
  const principal = await requirePrincipal("/");
  const deps = await getServerDeps();
  const { q = "", labels = "" } = await searchParams;
  const scope = scopeOf(principal.grants, "hosts.read", await loadPermissions(deps.db));
  let selectorError: string | null = null;
  let selector: ReturnType<typeof parseSelector> | undefined;
  if (labels.trim()) {
    try {
      selector = parseSelector(labels);
    } catch (err) {
      selectorError = err instanceof SelectorError ? err.message : "invalid selector";
    }
  }
  const hosts = await listHosts(deps.db, scope, { search: q.trim().slice(0, 64), selector });
  const latest = await latestHostEvent(deps.db, scope);
  const { config } = await getDb();
  return (
    <section aria-labelledby="fleet-heading">
      <LiveRefresh since={latest} />
      <h1 id="fleet-heading">Fleet</h1>
      <search>
        <form className="row" aria-label="Filter hosts">
          <label>
            Name contains
            <input name="q" defaultValue={q} maxLength={64} />
          </label>
          <label>
            Labels (selector)
            <input name="labels" defaultValue={labels} placeholder="env=staging" maxLength={256} />
          </label>
          <button type="submit">Filter</button>
        </form>
      </search>
      {selectorError ? <p role="alert">labels: {selectorError}</p> : null}
      <p className="meta" data-testid="fleet-count">
        {hosts.length === 1 ? "1 host" : `${hosts.length} hosts`}
        {scope.all ? "" : " in your scope"} · database:{" "}
        {config.driver === "pglite" ? "embedded (PGlite)" : "PostgreSQL"}
      </p>
      {hosts.length === 0 ? (
        <p className="empty" data-testid="fleet-empty">
          {scope.all || scope.selectors.length > 0
            ? "No hosts yet. Hosts appear here when their agent enrolls."
            : "You have no grant that shows hosts. Ask an admin for one."}
        </p>
      ) : (
        <table data-testid="fleet-table">
          <thead>
            <tr>
              <th scope="col">Host</th>
              <th scope="col">Status</th>
              <th scope="col">Labels</th>
              <th scope="col">Agent</th>
              <th scope="col">Containers</th>
              <th scope="col">Bridges</th>
              <th scope="col">Links</th>
              <th scope="col">NAT rules</th>
              <th scope="col">Last seen</th>
            </tr>
          </thead>
          <tbody>
            {hosts.map((h) => (
              <tr key={h.id} data-testid="fleet-row">
                <td>
                  <a href={`/hosts/${h.id}`}>{h.name}</a>
                </td>
                <td className={`status-${h.status}`}>{h.status}</td>
                <td>
                  {Object.entries(h.labels).map(([k, v]) => (
                    <span key={k} className="label">
                      {k}={v}
                    </span>
                  ))}
                </td>
                <td>{h.agentVersion ?? "—"}</td>
                <td>{h.containerCount ?? "—"}</td>
                <td>{h.bridgeCount ?? "—"}</td>
                <td>{h.linkCount ?? "—"}</td>
                <td>{h.natRuleCount ?? "—"}</td>
                <td>{h.lastSeenAt ? h.lastSeenAt.toISOString() : "never"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
