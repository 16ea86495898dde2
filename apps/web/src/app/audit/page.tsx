import { heldActions, pageAllowed, requirePrincipal } from "../../server/session.ts";
import { AuditReview } from "./audit-review.tsx";

export const dynamic = "force-dynamic";

export default async function AuditPage() {
  const principal = await requirePrincipal("/audit");
  if (!(await pageAllowed(principal, "audit.read"))) {
    return (
      <p className="forbidden" data-testid="forbidden">
        You are not allowed to read the audit log (it needs a grant without a host selector).
      </p>
    );
  }
  const held = await heldActions(principal, ["audit.export"]);
  return (
    <section aria-labelledby="audit-heading">
      <h1 id="audit-heading">Audit log</h1>
      <p className="meta">
        Every sign-in, change, denial and export, newest first. Rows are hash-chained: an edited or removed
        row breaks the chain at its number.
      </p>
      <AuditReview canExport={held.has("audit.export")} />
    </section>
  );
}
