import { pageAllowed, requirePrincipal } from "../../../server/session.ts";
import { TokensPanel } from "../../tokens/tokens-panel.tsx";

export const dynamic = "force-dynamic";

export default async function AllTokensPage() {
  const principal = await requirePrincipal("/admin/tokens");
  if (!(await pageAllowed(principal, "tokens.manage_all"))) {
    return (
      <p className="forbidden" data-testid="forbidden">
        You are not allowed to manage other users' tokens.
      </p>
    );
  }
  return (
    <section aria-labelledby="all-tokens-heading">
      <h1 id="all-tokens-heading">All API tokens</h1>
      <TokensPanel scope="all" grants={[]} />
    </section>
  );
}
