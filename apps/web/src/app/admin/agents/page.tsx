import { env } from "../../../env.ts";
import { pageAllowed, requirePrincipal } from "../../../server/session.ts";
import { AgentsAdmin } from "./agents-admin.tsx";

export const dynamic = "force-dynamic";

export default async function AgentsPage() {
  const principal = await requirePrincipal("/admin/agents");
  if (!(await pageAllowed(principal, "agents.enroll"))) {
    return (
      <p className="forbidden" data-testid="forbidden">
        You are not allowed to enroll or revoke agents.
      </p>
    );
  }
  return (
    <section aria-labelledby="agents-heading">
      <h1 id="agents-heading">Agents</h1>
      <AgentsAdmin serverUrl={env().publicUrl} />
    </section>
  );
}
