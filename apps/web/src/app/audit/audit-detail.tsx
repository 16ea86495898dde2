"use client";
// Every field of one event, fetched by seq (audit.get). Escape or Close returns to the table.
import { type ReactNode, useEffect, useRef, useState } from "react";
import { api, errorText } from "../../lib/api-client.ts";
import { actorText, formatTime } from "./audit-table.tsx";

type AuditEvent = Awaited<ReturnType<typeof api.audit.get.query>>;

function orDash(v: string | null): ReactNode {
  return v === null || v === "" ? <span className="meta">—</span> : v;
}

export function AuditDetail({
  seq,
  hostNames,
  onClose,
}: {
  seq: number;
  hostNames: Record<string, string>;
  onClose: () => void;
}) {
  const [event, setEvent] = useState<AuditEvent | null>(null);
  const [error, setError] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    let live = true;
    setEvent(null);
    setError(null);
    api.audit.get.query({ seq }).then(
      (e) => {
        if (live) setEvent(e);
      },
      (err: unknown) => {
        if (live) setError(errorText(err));
      },
    );
    heading.current?.focus();
    return () => {
      live = false;
    };
  }, [seq]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") onClose();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [onClose]);

  return (
    <aside className="audit-detail" aria-labelledby="audit-detail-heading" data-testid="audit-detail">
      <div className="detail-head">
        <h2 id="audit-detail-heading" tabIndex={-1} ref={heading}>
          Event #{seq}
        </h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      {error ? (
        <p role="alert">{error}</p>
      ) : event === null ? (
        <p className="meta" role="status">
          Loading event…
        </p>
      ) : (
        <dl className="fields">
          <dt>Time (UTC)</dt>
          <dd>{formatTime(event.time)}</dd>
          <dt>Actor</dt>
          <dd>
            {actorText(event)} <span className="meta">id {event.actorId ?? "—"}</span>
          </dd>
          <dt>Role</dt>
          <dd>{orDash(event.role)}</dd>
          <dt>Source address</dt>
          <dd>{orDash(event.sourceIp)}</dd>
          <dt>User agent</dt>
          <dd>{orDash(event.userAgent)}</dd>
          <dt>Action</dt>
          <dd>
            <code>{event.action}</code>
          </dd>
          <dt>Decision</dt>
          <dd>{orDash(event.decision)}</dd>
          <dt>Outcome</dt>
          <dd className={`outcome outcome-${event.outcome}`}>{event.outcome}</dd>
          <dt>Error</dt>
          <dd data-testid="audit-error-field">{orDash(event.error)}</dd>
          <dt>Target hosts</dt>
          <dd>
            {event.targetHosts.length === 0 ? (
              <span className="meta">—</span>
            ) : (
              <ul className="plain">
                {event.targetHosts.map((id) => (
                  <li key={id}>
                    {hostNames[id] ? `${hostNames[id]} ` : ""}
                    <code>{id}</code>
                  </li>
                ))}
              </ul>
            )}
          </dd>
          <dt>Target objects</dt>
          <dd>
            {event.targetObjects.length === 0 ? (
              <span className="meta">—</span>
            ) : (
              <ul className="plain">
                {event.targetObjects.map((o) => (
                  <li key={o}>
                    <code>{o}</code>
                  </li>
                ))}
              </ul>
            )}
          </dd>
          <dt>Request id</dt>
          <dd>{orDash(event.requestId)}</dd>
          <dt>Operation id</dt>
          <dd>{orDash(event.operationId)}</dd>
          <dt>Before digest</dt>
          <dd className="hash">{orDash(event.beforeDigest)}</dd>
          <dt>After digest</dt>
          <dd className="hash">{orDash(event.afterDigest)}</dd>
          <dt>Parameters</dt>
          <dd>
            <pre className="params" data-testid="audit-params">
              {JSON.stringify(event.params, null, 2)}
            </pre>
          </dd>
          <dt>Previous hash</dt>
          <dd className="hash">{event.prevHash}</dd>
          <dt>Row hash</dt>
          <dd className="hash">{event.rowHash}</dd>
        </dl>
      )}
    </aside>
  );
}
