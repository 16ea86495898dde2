import { hostEvents, hostSnapshots, hosts } from "@switchyard/db";
import { HostSnapshot } from "@switchyard/protocol";
import { authorize, latestHostEvent, requestMeta } from "@switchyard/server";
import { desc, eq } from "drizzle-orm";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { LiveRefresh } from "../../../components/live-refresh.tsx";
import { getServerDeps } from "../../../server/deps.ts";
import { requirePrincipal } from "../../../server/session.ts";
import { SnapshotView } from "./snapshot-view.tsx";

export const dynamic = "force-dynamic";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function HostPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const principal = await requirePrincipal(`/hosts/${id}`);
  if (!UUID.test(id)) notFound();
  const deps = await getServerDeps();
  try {
    await authorize(
      { db: deps.db, principal, meta: requestMeta(new Headers(await headers())) },
      "hosts.read",
      [id],
    );
  } catch {
    return (
      <p className="forbidden" data-testid="forbidden">
        This host does not exist or is outside your scope.
      </p>
    );
  }
  const [host] = await deps.db.select().from(hosts).where(eq(hosts.id, id));
  if (!host) notFound();
  const [snap] = await deps.db.select().from(hostSnapshots).where(eq(hostSnapshots.hostId, id));
  const parsed = snap ? HostSnapshot.safeParse(snap.snapshot) : null;
  const timeline = await deps.db
    .select()
    .from(hostEvents)
    .where(eq(hostEvents.hostId, id))
    .orderBy(desc(hostEvents.id))
    .limit(30);
  const latestEvent = await latestHostEvent(deps.db, { all: true }, id);

  return (
    <section aria-labelledby="host-heading">
      <LiveRefresh hostId={id} since={latestEvent} />
      <h1 id="host-heading">{host.name}</h1>
      <p className="meta" data-testid="host-summary">
        <span className={`status-${host.status}`}>{host.status}</span> · agent {host.agentVersion ?? "—"} ·
        last seen {host.lastSeenAt ? host.lastSeenAt.toISOString() : "never"} ·{" "}
        {Object.entries(host.labels).map(([k, v]) => (
          <span key={k} className="label">
            {k}={v}
          </span>
        ))}
      </p>
      {parsed?.success ? (
        <SnapshotView snapshot={parsed.data} receivedAt={snap?.receivedAt ?? null} />
      ) : (
        <p className="empty" data-testid="no-snapshot">
          {snap
            ? "The stored snapshot could not be read."
            : "No snapshot yet: the host appears here when its agent reports."}
        </p>
      )}
      <h2>Timeline</h2>
      {timeline.length === 0 ? (
        <p className="empty">Nothing happened yet.</p>
      ) : (
        <ol className="timeline" data-testid="timeline">
          {timeline.map((e) => (
            <li key={e.id}>
              <time>{e.at.toISOString()}</time> {e.kind.replace("_", " ")}
              {e.changes && e.changes.length > 0 ? (
                <ul>
                  {e.changes.slice(0, 12).map((c) => (
                    <li key={`${c.section}:${c.summary}`}>
                      {c.section}: {c.summary}
                    </li>
                  ))}
                  {e.changes.length > 12 ? <li>… {e.changes.length - 12} more</li> : null}
                </ul>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
