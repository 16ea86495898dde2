import { requirePrincipal } from "../../server/session.ts";
import { TokensPanel } from "./tokens-panel.tsx";

export const dynamic = "force-dynamic";

export default async function MyTokensPage() {
  const principal = await requirePrincipal("/tokens");
  return (
    <section aria-labelledby="tokens-heading">
      <h1 id="tokens-heading">My API tokens</h1>
      <p className="meta">
        Tokens authenticate the CLI and automation (<code>Authorization: Bearer …</code>). A token carries a
        subset of your grants and stops working when it expires or is revoked.
      </p>
      <TokensPanel
        scope="own"
        grants={principal.grants.map((g) => ({ role: g.role, selector: g.selectorText }))}
      />
    </section>
  );
}
