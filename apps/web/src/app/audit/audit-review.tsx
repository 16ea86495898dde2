"use client";
// The audit review page: filters, the events table with keyset "Load more", the detail of one
// event, the chain badge and the export. State lives here; the parts are in sibling files.
import { useCallback, useEffect, useRef, useState } from "react";
import { api, errorText } from "../../lib/api-client.ts";
import { AuditDetail } from "./audit-detail.tsx";
import type { AuditFilter } from "./audit-filter.ts";
import { AuditFilterForm } from "./audit-filter-form.tsx";
import { type AuditRow, AuditTable } from "./audit-table.tsx";
import { ChainBadge } from "./chain-badge.tsx";
import { ExportButtons } from "./export-buttons.tsx";

const PAGE_SIZE = 50;

export function AuditReview({ canExport }: { canExport: boolean }) {
  const [filter, setFilter] = useState<AuditFilter>({});
  const [rows, setRows] = useState<AuditRow[] | null>(null);
  const [hostNames, setHostNames] = useState<Record<string, string>>({});
  const [cursor, setCursor] = useState<number | null>(null);
  const [lastPageSize, setLastPageSize] = useState(0);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  // Answers to an older filter that arrive late are dropped.
  const generation = useRef(0);

  const load = useCallback(async (f: AuditFilter, after: number | null) => {
    const gen = after === null ? ++generation.current : generation.current;
    setError(null);
    if (after === null) {
      setRows(null);
      setCursor(null);
    } else {
      setLoadingMore(true);
    }
    try {
      const page = await api.audit.list.query({ filter: f, cursor: after, limit: PAGE_SIZE });
      if (gen !== generation.current) return;
      setRows((prev) => (after !== null && prev ? [...prev, ...page.rows] : page.rows));
      setHostNames((prev) => (after !== null ? { ...prev, ...page.hostNames } : page.hostNames));
      setCursor(page.nextCursor);
      setLastPageSize(page.rows.length);
    } catch (err) {
      if (gen === generation.current) setError(errorText(err));
    } finally {
      if (gen === generation.current) setLoadingMore(false);
    }
  }, []);

  useEffect(() => {
    void load({}, null);
  }, [load]);

  function apply(next: AuditFilter) {
    setFilter(next);
    setSelected(null);
    void load(next, null);
  }

  function closeDetail() {
    const seq = selected;
    setSelected(null);
    // Back to the row the detail was opened from, for keyboard users.
    if (seq !== null) document.querySelector<HTMLButtonElement>(`[data-open-seq="${seq}"]`)?.focus();
  }

  return (
    <div className="audit">
      <ChainBadge />
      <AuditFilterForm onApply={apply} onInvalid={setError} />
      {canExport ? <ExportButtons filter={filter} /> : null}
      {error ? (
        <p role="alert" data-testid="audit-error">
          {error}
        </p>
      ) : null}
      <div className={selected === null ? "audit-layout" : "audit-layout with-detail"}>
        <div>
          {rows === null ? (
            error ? null : (
              <p className="meta" role="status" data-testid="audit-loading">
                Loading audit events…
              </p>
            )
          ) : rows.length === 0 && cursor === null ? (
            <p className="empty" data-testid="audit-empty">
              No audit events match these filters.
            </p>
          ) : (
            <AuditTable rows={rows} hostNames={hostNames} selected={selected} onOpen={setSelected} />
          )}
          {rows !== null && cursor !== null ? (
            <div className="load-more">
              {lastPageSize < PAGE_SIZE ? (
                // Free text is searched in windows of older events: a short page is not the end.
                <p className="meta">
                  {rows.length === 0 ? "No matches yet" : "Fewer matches than a page"} among the events
                  searched so far; older events remain.
                </p>
              ) : null}
              <button
                type="button"
                onClick={() => load(filter, cursor)}
                disabled={loadingMore}
                data-testid="audit-load-more"
              >
                {loadingMore ? "Loading…" : "Load more"}
              </button>
            </div>
          ) : null}
        </div>
        {selected !== null ? (
          <AuditDetail seq={selected} hostNames={hostNames} onClose={closeDetail} />
        ) : null}
      </div>
    </div>
  );
}
