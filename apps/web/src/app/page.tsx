import { listHosts } from "@switchyard/server";
import { getDb } from "../server/db.ts";

export const dynamic = "force-dynamic";

export default async function FleetPage() {
  const handle = await getDb();
  const hosts = await listHosts(handle.db);
  return (
    <section aria-labelledby="fleet-heading">
      <h1 id="fleet-heading">Fleet</h1>
      <p className="meta" data-testid="fleet-count">
        {hosts.length === 1 ? "1 host" : `${hosts.length} hosts`} · database:{" "}
        {handle.config.driver === "pglite" ? "embedded (PGlite)" : "PostgreSQL"}
      </p>
      {hosts.length === 0 ? (
        <p className="empty" data-testid="fleet-empty">
          No hosts yet. Hosts appear here when their agent enrolls.
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
