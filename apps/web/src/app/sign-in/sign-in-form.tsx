"use client";
import { type FormEvent, useState } from "react";
import { api, errorText } from "../../lib/api-client.ts";

export function SignInForm({ next }: { next: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    try {
      await api.auth.signIn.mutate({
        username: String(form.get("username") ?? ""),
        password: String(form.get("password") ?? ""),
      });
      // Only same-site paths: never an open redirect.
      window.location.assign(next.startsWith("/") && !next.startsWith("//") ? next : "/");
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  }

  return (
    <form className="stack" onSubmit={submit} aria-describedby={error ? "sign-in-error" : undefined}>
      <label>
        Username
        <input name="username" autoComplete="username" required maxLength={32} />
      </label>
      <label>
        Password
        <input name="password" type="password" autoComplete="current-password" required maxLength={128} />
      </label>
      <button className="primary" type="submit" disabled={busy}>
        {busy ? "Signing in…" : "Sign in"}
      </button>
      {error ? (
        <p role="alert" id="sign-in-error">
          {error}
        </p>
      ) : null}
    </form>
  );
}
