import { currentPrincipal, heldActions } from "../server/session.ts";
import { SignOutButton } from "./sign-out-button.tsx";

export async function Nav() {
  const principal = await currentPrincipal();
  if (!principal) return null;
  const held = await heldActions(principal, [
    "users.manage",
    "tokens.manage_all",
    "tokens.manage",
    "audit.read",
    "agents.enroll",
  ]);
  return (
    <nav aria-label="Main" className="nav">
      <a href="/">Fleet</a>
      {held.has("tokens.manage") ? <a href="/tokens">My tokens</a> : null}
      {held.has("users.manage") ? (
        <a href="/admin/users" data-testid="nav-admin-users">
          Users
        </a>
      ) : null}
      {held.has("tokens.manage_all") ? <a href="/admin/tokens">All tokens</a> : null}
      {held.has("agents.enroll") ? <a href="/admin/agents">Agents</a> : null}
      {held.has("audit.read") ? (
        <a href="/audit" data-testid="nav-audit">
          Audit
        </a>
      ) : null}
      <span className="who" data-testid="signed-in-as">
        {principal.username}
      </span>
      <SignOutButton />
    </nav>
  );
}
