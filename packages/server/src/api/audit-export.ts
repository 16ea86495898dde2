// POST /api/audit/export: any filtered view of the audit log as CSV or NDJSON, streamed in
// constant memory with no row cap. The order of work is the point of this file:
//   1. the request guard (JSON + our Origin, or a bearer token without cookies; no URL credentials);
//   2. who is calling (session or token), then authorize("audit.export") — a denial is audited;
//   3. the body (format + filter), validated, host names resolved;
//   4. the export's own audit record, committed before the first byte is sent;
//   5. the rows recorded before that record, pulled batch by batch as the client reads.

import { z } from "zod";
import { streamAuditEvents } from "../audit/export.ts";
import { auditFilterInputSchema, resolveHostFilter } from "../audit/host-filter.ts";
import { recordAudit } from "../audit/record.ts";
import { auditActor } from "../audit-context.ts";
import { resolvePrincipal } from "../auth/resolve-principal.ts";
import { authorize } from "../authz/authorize.ts";
import type { ServerDeps } from "../deps.ts";
import { AppError, type AppErrorCode } from "../errors/app-error.ts";
import { requestMeta } from "./handler.ts";
import { allowedOrigins, refusal, refusedResponse } from "./request-guard.ts";

export const AUDIT_EXPORT_PATH = "/api/audit/export";

/** A filter is small; anything bigger is not a filter. */
const MAX_BODY_BYTES = 16 * 1024;

export const auditExportRequestSchema = z.object({
  format: z.enum(["csv", "ndjson"]),
  filter: auditFilterInputSchema.default({}),
});

const contentTypes = { csv: "text/csv; charset=utf-8", ndjson: "application/x-ndjson" } as const;

const statusOf: Record<AppErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  THROTTLED: 429,
  INVALID_INPUT: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  REQUEST_REFUSED: 403,
  INTERNAL: 500,
};

function errorResponse(err: AppError, status = statusOf[err.code]): Response {
  return Response.json(
    { error: { code: err.code, message: err.message, field: err.field ?? null } },
    { status, headers: { "cache-control": "no-store" } },
  );
}

export async function handleAuditExport(req: Request, deps: ServerDeps): Promise<Response> {
  if (req.method !== "POST") {
    return Response.json(
      { error: { code: "INVALID_INPUT", message: "use POST with a JSON body", field: null } },
      { status: 405, headers: { allow: "POST" } },
    );
  }
  const reason = refusal(req, allowedOrigins(deps.publicUrl));
  if (reason) return refusedResponse(reason);

  const principal = await resolvePrincipal(deps, req.headers);
  if (!principal) return errorResponse(new AppError("UNAUTHENTICATED", "sign in or send a valid API token"));
  const meta = requestMeta(req.headers);

  try {
    await authorize({ db: deps.db, principal, meta }, "audit.export");
  } catch (err) {
    return errorOrThrow(err);
  }
  const text = await readCapped(req, MAX_BODY_BYTES);
  if (text === null) {
    return errorResponse(
      new AppError("INVALID_INPUT", `the body is larger than ${MAX_BODY_BYTES} bytes`),
      413,
    );
  }
  let body: z.output<typeof auditExportRequestSchema>;
  let filter: Awaited<ReturnType<typeof resolveHostFilter>>;
  try {
    body = parseBody(text);
    filter = await resolveHostFilter(deps.db, body.filter);
  } catch (err) {
    return errorOrThrow(err);
  }

  const actor = auditActor(principal, meta);
  const recorded = await recordAudit(deps.db, {
    ...actor,
    action: "audit.export",
    targetObjects: ["audit_log"],
    params: { format: body.format, filter: body.filter, ...(filter.hostId ? { hostId: filter.hostId } : {}) },
  });
  const throughSeq = recorded.seq - 1;
  const chunks = streamAuditEvents(deps.db, filter, body.format, { throughSeq });
  const stream = readableFrom(chunks, (err) => {
    console.error("switchyard: audit export failed while streaming", err);
    // The client sees a cut-off body; the log says so too (best effort: the database may be why).
    recordAudit(deps.db, {
      ...actor,
      action: "audit.export",
      targetObjects: ["audit_log"],
      params: { format: body.format, exportSeq: recorded.seq },
      outcome: "failed",
      error: err instanceof Error ? err.message : String(err),
    }).catch(() => {});
  });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  return new Response(stream, {
    status: 200,
    headers: {
      "content-type": contentTypes[body.format],
      "content-disposition": `attachment; filename="switchyard-audit-${stamp}.${body.format}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
      /** seq of this export's own audit record; the file holds matching rows before it. */
      "x-switchyard-audit-export-seq": String(recorded.seq),
    },
  });
}

/** AppErrors become their JSON answer; anything else is unexpected and propagates (500, logged). */
function errorOrThrow(err: unknown): Response {
  if (err instanceof AppError) return errorResponse(err);
  throw err;
}

function parseBody(text: string): z.output<typeof auditExportRequestSchema> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError("INVALID_INPUT", "the body must be JSON: {format, filter}");
  }
  const parsed = auditExportRequestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.join(".") ?? "";
    throw new AppError("INVALID_INPUT", issue?.message ?? "invalid request", path || undefined);
  }
  return parsed.data;
}

/** Reads the body as text; null when it is over `max` bytes (stops reading there). */
async function readCapped(req: Request, max: number): Promise<string | null> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > max) return null;
  if (!req.body) return "";
  const reader = req.body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return null;
    }
    parts.push(value);
  }
  return Buffer.concat(parts).toString("utf8");
}

/**
 * A byte stream that pulls the next chunk only when the consumer asks for one (highWaterMark
 * 0): a slow client slows the database reads instead of filling memory. Cancelling (the client
 * went away) ends the generator, which lets its batch in flight finish.
 */
export function readableFrom(
  chunks: AsyncGenerator<string, void, undefined>,
  onError: (err: unknown) => void,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const { value, done } = await chunks.next();
          if (done) controller.close();
          else controller.enqueue(encoder.encode(value));
        } catch (err) {
          onError(err);
          controller.error(err);
        }
      },
      async cancel() {
        await chunks.return(undefined);
      },
    },
    { highWaterMark: 0 },
  );
}
