// The audit log over the API: review (list, get), chain verification and the head to keep
// elsewhere. All read-only; the export is a streamed HTTP endpoint (api/audit-export.ts) and
// retention a maintenance command, never an API call.
import { getAuditEvent } from "../../audit/get-event.ts";
import { exportHead } from "../../audit/head.ts";
import { hostNamesOf, resolveHostFilter } from "../../audit/host-filter.ts";
import { listAuditEvents } from "../../audit/query.ts";
import { verifyChain } from "../../audit/verify.ts";
import { AppError } from "../../errors/app-error.ts";
import { actionProcedure, router } from "../trpc.ts";
import {
  auditEventOutput,
  getInput,
  headOutput,
  listInput,
  listOutput,
  verifyInput,
  verifyOutput,
} from "./audit.schema.ts";

export const auditRouter = router({
  /** Events matching the filter, newest first, keyset-paginated by seq. */
  list: actionProcedure("audit.read")
    .input(listInput)
    .output(listOutput)
    .query(async ({ ctx, input }) => {
      const filter = await resolveHostFilter(ctx.deps.db, input.filter);
      const page = await listAuditEvents(ctx.deps.db, filter, {
        cursor: input.cursor ?? undefined,
        limit: input.limit,
      });
      const hostNames = await hostNamesOf(
        ctx.deps.db,
        page.rows.flatMap((r) => r.targetHosts),
      );
      return { ...page, hostNames };
    }),

  /** One event with every field. */
  get: actionProcedure("audit.read")
    .input(getInput)
    .output(auditEventOutput)
    .query(async ({ ctx, input }) => {
      const event = await getAuditEvent(ctx.deps.db, input.seq);
      if (!event)
        throw new AppError("NOT_FOUND", `no audit event #${input.seq} (pruned or never recorded)`, "seq");
      return event;
    }),

  /** Walks the whole chain from the retention anchor; names the first row that does not hold. */
  verify: actionProcedure("audit.read")
    .input(verifyInput)
    .output(verifyOutput)
    .query(({ ctx, input }) =>
      verifyChain(ctx.deps.db, input.knownHead ? { knownHead: input.knownHead } : {}),
    ),

  /** The chain's last link, to be kept outside the database and passed back to verify. */
  head: actionProcedure("audit.read")
    .output(headOutput)
    .query(({ ctx }) => exportHead(ctx.deps.db)),
});
