"use client";
import type { api } from "../../lib/api-client.ts";

export type AuditRow = Awaited<ReturnType<typeof api.audit.list.query>>["rows"][number];

/** `2026-01-31T12:00:00.123456Z` → `2026-01-31 12:00:00.123` (UTC, as stored). */
export function formatTime(iso: string): string {
  return iso.replace("T", " ").replace(/(\.\d{3})\d*Z$/, "$1");
}

export function actorText(r: Pick<AuditRow, "actorType" | "actorName" | "actorId">): string {
  const who = r.actorName ?? r.actorId ?? "unknown";
  return r.actorType === "user" ? who : `${who} (${r.actorType})`;
}

/** Hosts by their current name where known (rows keep ids), then other objects. */
export function targetsOf(r: AuditRow, hostNames: Record<string, string>): string[] {
  return [...r.targetHosts.map((id) => `host:${hostNames[id] ?? id}`), ...r.targetObjects];
}

const SHOWN_TARGETS = 3;

export function AuditTable({
  rows,
  hostNames,
  selected,
  onOpen,
}: {
  rows: AuditRow[];
  hostNames: Record<string, string>;
  selected: number | null;
  onOpen: (seq: number) => void;
}) {
  return (
    <table data-testid="audit-table">
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">Time (UTC)</th>
          <th scope="col">Actor</th>
          <th scope="col">Action</th>
          <th scope="col">Targets</th>
          <th scope="col">Outcome</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const targets = targetsOf(r, hostNames);
          return (
            <tr
              key={r.seq}
              className={r.seq === selected ? "audit-row selected" : "audit-row"}
              data-testid="audit-row"
              data-seq={r.seq}
            >
              <td>
                {/* The button covers the whole row (CSS), so a click anywhere opens it; Enter too. */}
                <button
                  type="button"
                  className="link-button row-link"
                  data-open-seq={r.seq}
                  aria-label={`Open event #${r.seq}`}
                  aria-expanded={r.seq === selected}
                  onClick={() => onOpen(r.seq)}
                >
                  #{r.seq}
                </button>
              </td>
              <td>
                <time dateTime={r.time}>{formatTime(r.time)}</time>
              </td>
              <td>{actorText(r)}</td>
              <td>
                <code>{r.action}</code>
              </td>
              <td className="targets">
                {targets.length === 0
                  ? "—"
                  : targets.slice(0, SHOWN_TARGETS).join(", ") +
                    (targets.length > SHOWN_TARGETS ? ` +${targets.length - SHOWN_TARGETS} more` : "")}
              </td>
              <td className={`outcome outcome-${r.outcome}`}>{r.outcome}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
