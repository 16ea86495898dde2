"use client";
import { useState } from "react";
import { api, errorText } from "../lib/api-client.ts";

export function SignOutButton() {
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        className="link-button"
        onClick={async () => {
          try {
            await api.auth.signOut.mutate();
            window.location.assign("/sign-in");
          } catch (err) {
            setError(errorText(err));
          }
        }}
      >
        Sign out
      </button>
      {error ? <span role="alert">{error}</span> : null}
    </>
  );
}
