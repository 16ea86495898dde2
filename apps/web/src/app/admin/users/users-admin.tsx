"use client";
import type { Role } from "@switchyard/db/schema";
import { type FormEvent, useCallback, useEffect, useState } from "react";
import { api, errorText } from "../../../lib/api-client.ts";

type User = Awaited<ReturnType<typeof api.users.list.query>>["items"][number];
const ROLES: Role[] = ["viewer", "operator", "admin"];

function formatGrants(grants: User["grants"]): string {
  return grants.length === 0
    ? "no access"
    : grants.map((g) => `${g.role}${g.selector ? ` (${g.selector})` : ""}`).join(", ");
}

/** One grant per line: `role` or `role selector`, e.g. `operator env=staging`. */
function parseGrants(text: string): { role: Role; selector: string | null }[] {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const [role = "", ...rest] = line.split(/\s+/);
      if (!ROLES.includes(role as Role))
        throw new Error(`grants: unknown role "${role}" (viewer, operator, admin)`);
      const selector = rest.join(" ").trim();
      return { role: role as Role, selector: selector === "" ? null : selector };
    });
}

export function UsersAdmin({ selfId }: { selfId: string }) {
  const [users, setUsers] = useState<User[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);

  const load = useCallback(async (after: string | null) => {
    try {
      const page = await api.users.list.query({ cursor: after, limit: 50 });
      setUsers((prev) => (after && prev ? [...prev, ...page.items] : page.items));
      setCursor(page.nextCursor);
    } catch (err) {
      setError(errorText(err));
    }
  }, []);
  useEffect(() => {
    void load(null);
  }, [load]);

  async function run(action: () => Promise<unknown>, done: string) {
    setError(null);
    setNotice(null);
    try {
      await action();
      setNotice(done);
      await load(null);
      return true;
    } catch (err) {
      setError(errorText(err));
      return false;
    }
  }

  async function create(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const formEl = e.currentTarget;
    const form = new FormData(formEl);
    const username = String(form.get("username") ?? "");
    const selector = String(form.get("selector") ?? "").trim();
    const ok = await run(
      () =>
        api.users.create.mutate({
          username,
          password: String(form.get("password") ?? ""),
          grants: [{ role: String(form.get("role")) as Role, selector: selector === "" ? null : selector }],
        }),
      `Created ${username}.`,
    );
    if (ok) formEl.reset();
  }

  return (
    <div>
      <h2>Create user</h2>
      <form className="row" onSubmit={create} aria-label="Create user">
        <label>
          Username
          <input name="username" required minLength={3} maxLength={32} autoComplete="off" />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            required
            minLength={12}
            maxLength={128}
            autoComplete="new-password"
          />
        </label>
        <label>
          Role
          <select name="role" defaultValue="viewer">
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <label>
          Host selector (empty: all hosts)
          <input name="selector" placeholder="env=staging" maxLength={256} />
        </label>
        <button type="submit" className="primary">
          Create user
        </button>
      </form>
      {error ? (
        <p role="alert" data-testid="form-error">
          {error}
        </p>
      ) : null}
      {notice ? (
        <p role="status" data-testid="form-notice">
          {notice}
        </p>
      ) : null}

      <h2>All users</h2>
      {users === null ? (
        <p className="meta">Loading…</p>
      ) : users.length === 0 ? (
        <p className="empty">No users.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Username</th>
              <th scope="col">Grants</th>
              <th scope="col">State</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id} data-testid="user-row">
                <td>{u.username}</td>
                <td>
                  {editing === u.id ? (
                    <form
                      onSubmit={async (e) => {
                        e.preventDefault();
                        const text = String(new FormData(e.currentTarget).get("grants") ?? "");
                        let grants: ReturnType<typeof parseGrants>;
                        try {
                          grants = parseGrants(text);
                        } catch (err) {
                          setError(errorText(err));
                          return;
                        }
                        if (
                          await run(
                            () => api.users.setGrants.mutate({ userId: u.id, grants }),
                            `Grants of ${u.username} saved; their sessions ended.`,
                          )
                        ) {
                          setEditing(null);
                        }
                      }}
                    >
                      <label>
                        Grants, one per line (role [selector])
                        <textarea
                          name="grants"
                          rows={3}
                          defaultValue={u.grants
                            .map((g) => `${g.role}${g.selector ? ` ${g.selector}` : ""}`)
                            .join("\n")}
                        />
                      </label>
                      <button type="submit">Save grants</button>{" "}
                      <button type="button" onClick={() => setEditing(null)}>
                        Cancel
                      </button>
                    </form>
                  ) : (
                    formatGrants(u.grants)
                  )}
                </td>
                <td>{u.disabled ? "disabled" : "active"}</td>
                <td>
                  {editing === u.id ? null : (
                    <button type="button" onClick={() => setEditing(u.id)}>
                      Edit grants
                    </button>
                  )}{" "}
                  {u.id === selfId ? null : (
                    <button
                      type="button"
                      onClick={() =>
                        run(
                          () => api.users.setDisabled.mutate({ userId: u.id, disabled: !u.disabled }),
                          `${u.username} ${u.disabled ? "enabled" : "disabled"}.`,
                        )
                      }
                    >
                      {u.disabled ? "Enable" : "Disable"}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {cursor ? (
        <button type="button" onClick={() => load(cursor)}>
          Load more
        </button>
      ) : null}
    </div>
  );
}
