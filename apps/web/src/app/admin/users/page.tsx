import { pageAllowed, requirePrincipal } from "../../../server/session.ts";
import { UsersAdmin } from "./users-admin.tsx";

export const dynamic = "force-dynamic";

export default async function UsersPage() {
  const principal = await requirePrincipal("/admin/users");
  if (!(await pageAllowed(principal, "users.manage"))) {
    return (
      <p className="forbidden" data-testid="forbidden">
        You are not allowed to manage users.
      </p>
    );
  }
  return (
    <section aria-labelledby="users-heading">
      <h1 id="users-heading">Users</h1>
      <UsersAdmin selfId={principal.userId} />
    </section>
  );
}
