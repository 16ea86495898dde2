// Saves an export of the current filter: POST /api/audit/export (the browser adds our Origin
// and the session cookie), then blob → object URL → <a download>.
import type { AuditFilter } from "./audit-filter.ts";

export type ExportFormat = "csv" | "ndjson";

/** Downloads the export; resolves with the file name, throws a readable error. */
export async function downloadExport(format: ExportFormat, filter: AuditFilter): Promise<string> {
  const res = await fetch("/api/audit/export", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ format, filter }),
    credentials: "same-origin",
  });
  if (!res.ok) throw new Error(await failureText(res));
  const blob = await res.blob();
  const name =
    /filename="([^"]+)"/.exec(res.headers.get("content-disposition") ?? "")?.[1] ?? `audit.${format}`;
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has taken the blob by the next task; release it then.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  return name;
}

async function failureText(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { error?: { message?: string; field?: string | null } };
    const message = body.error?.message ?? `export failed (${res.status})`;
    return body.error?.field ? `${body.error.field}: ${message}` : message;
  } catch {
    return `export failed (${res.status})`;
  }
}
