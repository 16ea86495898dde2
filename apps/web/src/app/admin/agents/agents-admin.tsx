"use client";
import { type FormEvent, useCallback, useEffect, useState } from "react";
import { api, errorText } from "../../../lib/api-client.ts";

type TokenRow = Awaited<ReturnType<typeof api.agents.listEnrollmentTokens.query>>["items"][number];
type AgentRow = Awaited<ReturnType<typeof api.agents.list.query>>["items"][number];

function parseLabels(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [k, v = ""] = part.split("=");
    if (!k) throw new Error(`labels: "${part}" is not key=value`);
    out[k.trim()] = v.trim();
  }
  return out;
}

export function AgentsAdmin({ serverUrl }: { serverUrl: string }) {
  const [tokens, setTokens] = useState<TokenRow[] | null>(null);
  const [agents, setAgents] = useState<AgentRow[] | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const [t, a] = await Promise.all([
        api.agents.listEnrollmentTokens.query({}),
        api.agents.list.query({}),
      ]);
      setTokens(t.items);
      setAgents(a.items);
    } catch (err) {
      setError(errorText(err));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  async function create(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setError(null);
    try {
      const res = await api.agents.createEnrollmentToken.mutate({
        name: String(form.get("name") ?? ""),
        ttlSeconds: Number(form.get("ttl")) * 60,
        maxUses: Number(form.get("uses")),
        labels: parseLabels(String(form.get("labels") ?? "")),
      });
      setCreated(res.token);
      await load();
    } catch (err) {
      setError(errorText(err));
    }
  }

  const act = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
      await load();
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <div>
      <h2>New enrollment token</h2>
      <form className="row" onSubmit={create} aria-label="Create enrollment token">
        <label>
          Name
          <input name="name" required maxLength={64} placeholder="rack-12" />
        </label>
        <label>
          Valid for (minutes)
          <input name="ttl" type="number" min={1} max={10080} defaultValue={60} />
        </label>
        <label>
          Uses
          <input name="uses" type="number" min={1} max={1000} defaultValue={1} />
        </label>
        <label>
          Labels (k=v, …)
          <input name="labels" placeholder="env=staging,site=a" maxLength={512} />
        </label>
        <button type="submit" className="primary">
          Create token
        </button>
      </form>
      {created ? (
        <div role="status">
          <p>Start an agent with this token (shown once):</p>
          <pre className="secret" data-testid="enroll-command">
            {`pnpm agent --server ${serverUrl} --enrollment-token ${created}`}
          </pre>
        </div>
      ) : null}
      {error ? (
        <p role="alert" data-testid="form-error">
          {error}
        </p>
      ) : null}

      <h2>Enrollment tokens</h2>
      {tokens === null ? (
        <p className="meta">Loading…</p>
      ) : tokens.length === 0 ? (
        <p className="empty">No enrollment tokens.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Starts with</th>
              <th scope="col">Uses</th>
              <th scope="col">Expires</th>
              <th scope="col">State</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {tokens.map((t) => {
              const expired = new Date(t.expiresAt) < new Date();
              return (
                <tr key={t.id}>
                  <td>{t.name}</td>
                  <td>
                    <code>{t.start}…</code>
                  </td>
                  <td>
                    {t.uses}/{t.maxUses}
                  </td>
                  <td>{new Date(t.expiresAt).toISOString()}</td>
                  <td>
                    {t.revokedAt
                      ? "revoked"
                      : expired
                        ? "expired"
                        : t.uses >= t.maxUses
                          ? "used up"
                          : "active"}
                  </td>
                  <td>
                    {t.revokedAt ? null : (
                      <button
                        type="button"
                        onClick={() => act(() => api.agents.revokeEnrollmentToken.mutate({ id: t.id }))}
                      >
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}

      <h2>Agents</h2>
      {agents === null ? (
        <p className="meta">Loading…</p>
      ) : agents.length === 0 ? (
        <p className="empty">No agents enrolled yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Host</th>
              <th scope="col">Status</th>
              <th scope="col">Version</th>
              <th scope="col">Last connected</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {agents.map((a) => (
              <tr key={a.id} data-testid="agent-row">
                <td>
                  <a href={`/hosts/${a.hostId}`}>{a.hostName}</a>
                </td>
                <td>{a.revokedAt ? "revoked" : a.hostStatus}</td>
                <td>{a.agentVersion ?? "—"}</td>
                <td>{a.lastConnectedAt ? new Date(a.lastConnectedAt).toISOString() : "never"}</td>
                <td>
                  {a.revokedAt ? null : (
                    <button
                      type="button"
                      onClick={() => act(() => api.agents.revoke.mutate({ agentId: a.id }))}
                    >
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
