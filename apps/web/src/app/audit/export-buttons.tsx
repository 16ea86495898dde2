"use client";
import { useState } from "react";
import type { AuditFilter } from "./audit-filter.ts";
import { downloadExport, type ExportFormat } from "./download-export.ts";

/** Export of the filtered view (all of it, not just the rows loaded), as CSV or NDJSON. */
export function ExportButtons({ filter }: { filter: AuditFilter }) {
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  async function run(format: ExportFormat) {
    setBusy(format);
    setError(null);
    setSaved(null);
    try {
      setSaved(await downloadExport(format, filter));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="export">
      <button type="button" onClick={() => run("csv")} disabled={busy !== null}>
        {busy === "csv" ? "Exporting…" : "Export CSV"}
      </button>
      <button type="button" onClick={() => run("ndjson")} disabled={busy !== null}>
        {busy === "ndjson" ? "Exporting…" : "Export NDJSON"}
      </button>
      {saved ? (
        <span className="meta" role="status">
          Saved {saved}
        </span>
      ) : null}
      {error ? (
        <span role="alert" data-testid="export-error">
          {error}
        </span>
      ) : null}
    </div>
  );
}
