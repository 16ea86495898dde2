"use client";
import type { Role } from "@switchyard/db/schema";
import { type FormEvent, useCallback, useEffect, useState } from "react";
import { api, errorText } from "../../lib/api-client.ts";

type Token = Awaited<ReturnType<typeof api.tokens.list.query>>["items"][number];
type GrantOption = { role: Role; selector: string | null };

/** Token list with create and revoke; `scope` "all" is the admin view of everyone's tokens. */
export function TokensPanel({ scope, grants }: { scope: "own" | "all"; grants: GrantOption[] }) {
  const [items, setItems] = useState<Token[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [secret, setSecret] = useState<string | null>(null);

  const load = useCallback(
    async (after: string | null) => {
      try {
        const page =
          scope === "all"
            ? await api.tokens.listAll.query({ cursor: after, limit: 50 })
            : await api.tokens.list.query({ cursor: after, limit: 50 });
        setItems((prev) => (after && prev ? [...prev, ...page.items] : page.items));
        setCursor(page.nextCursor);
      } catch (err) {
        setError(errorText(err));
      }
    },
    [scope],
  );
  useEffect(() => {
    void load(null);
  }, [load]);

  async function create(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const grant = grants[Number(form.get("grant"))];
    const days = String(form.get("expires") ?? "");
    setError(null);
    try {
      const created = await api.tokens.create.mutate({
        name: String(form.get("name") ?? ""),
        grants: grant ? [{ role: grant.role, selector: grant.selector }] : [],
        expiresInDays: days === "" ? null : Number(days),
      });
      setSecret(created.token);
      await load(null);
    } catch (err) {
      setError(errorText(err));
    }
  }

  async function revoke(id: string) {
    setError(null);
    try {
      if (scope === "all") await api.tokens.revokeAny.mutate({ tokenId: id });
      else await api.tokens.revoke.mutate({ tokenId: id });
      await load(null);
    } catch (err) {
      setError(errorText(err));
    }
  }

  return (
    <div>
      {scope === "own" ? (
        <form className="row" onSubmit={create} aria-label="Create token">
          <label>
            Name
            <input name="name" required maxLength={32} placeholder="ci-deploy" />
          </label>
          <label>
            Grant
            <select name="grant" defaultValue="0">
              {grants.map((g, i) => (
                <option key={`${g.role}:${g.selector ?? ""}`} value={i}>
                  {g.role}
                  {g.selector ? ` (${g.selector})` : " (all hosts)"}
                </option>
              ))}
            </select>
          </label>
          <label>
            Expires in days
            <input name="expires" type="number" min={1} max={366} defaultValue={90} />
          </label>
          <button type="submit" className="primary">
            Create token
          </button>
        </form>
      ) : null}
      {secret ? (
        <div role="status">
          <p>Copy this token now; it is not shown again:</p>
          <p className="secret" data-testid="new-token">
            {secret}
          </p>
        </div>
      ) : null}
      {error ? <p role="alert">{error}</p> : null}
      {items === null ? (
        <p className="meta">Loading…</p>
      ) : items.length === 0 ? (
        <p className="empty">No tokens yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              {scope === "all" ? <th scope="col">Owner</th> : null}
              <th scope="col">Starts with</th>
              <th scope="col">Grants</th>
              <th scope="col">Expires</th>
              <th scope="col">State</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {items.map((t) => (
              <tr key={t.id} data-testid="token-row">
                <td>{t.name}</td>
                {scope === "all" ? <td>{t.ownerName}</td> : null}
                <td>
                  <code>{t.start}…</code>
                </td>
                <td>{t.grants.map((g) => `${g.role}${g.selector ? ` (${g.selector})` : ""}`).join(", ")}</td>
                <td>{t.expiresAt ? new Date(t.expiresAt).toISOString().slice(0, 10) : "never"}</td>
                <td>{t.revoked ? "revoked" : "active"}</td>
                <td>
                  {t.revoked ? null : (
                    <button type="button" onClick={() => revoke(t.id)}>
                      Revoke
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
