import { listHosts, loadPermissions, scopeOf } from "@switchyard/server";
import { getDb } from "../server/db.ts";
import { getServerDeps } from "../server/deps.ts";
import { requirePrincipal } from "../server/session.ts";

export const dynamic = "force-dynamic";

export default async function FleetPage() {
  const principal = await requirePrincipal("/");
  const deps = await getServerDeps();
  const scope = scopeOf(principal.grants, "hosts.read", await loadPermissions(deps.db));
  const hosts = await listHosts(deps.db, scope);
  const { config } = await getDb();
  return (
    <section aria-labelledby="fleet-heading">
      <h1 id="fleet-heading">Fleet</h1>
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
              <th scope="col">Last seen</th>
            </tr>
          </thead>
          <tbody>
            {hosts.map((h) => (
              <tr key={h.id} data-testid="fleet-row">
                <td>{h.name}</td>
                <td className={`status-${h.status}`}>{h.status}</td>
                <td>
                  {Object.entries(h.labels).map(([k, v]) => (
                    <span key={k} className="label">
                      {k}={v}
                    </span>
                  ))}
                </td>
                <td>{h.agentVersion ?? "—"}</td>
                <td>{h.lastSeenAt ? h.lastSeenAt.toISOString() : "never"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
