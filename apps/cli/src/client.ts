import type { AppRouter } from "@switchyard/server/api";
import { createTRPCClient, httpLink, TRPCClientError } from "@trpc/client";
import superjson from "superjson";
import type { Credentials } from "./credentials.ts";

export class CliError extends Error {
  override readonly name = "CliError";
}

/** Headers that carry `creds`: a bearer token, or the session cookie with our Origin. */
export function authHeaders(creds: Credentials): Record<string, string> {
  const h: Record<string, string> = { "user-agent": "switchyard-cli" };
  if (creds.token) h.authorization = `Bearer ${creds.token}`;
  else {
    // A cookie-carrying request must name its origin (the API's CSRF rule).
    if (creds.cookie) h.cookie = creds.cookie;
    h.origin = new URL(creds.server).origin;
  }
  return h;
}

/** A typed API client for `creds`; `onCookies` sees Set-Cookie headers (sign-in). */
export function apiClient(creds: Credentials, onCookies?: (cookies: string[]) => void) {
  const server = creds.server.replace(/\/$/, "");
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${server}/api/trpc`,
        transformer: superjson,
        headers: () => authHeaders(creds),
        fetch: async (url, init) => {
          const res = await fetch(url, init);
          onCookies?.(res.headers.getSetCookie());
          return res;
        },
      }),
    ],
  });
}

/** One line naming what went wrong (and the field, when the API says which). */
export function describeError(err: unknown): string {
  if (err instanceof TRPCClientError) {
    const data = err.data as
      | { field?: string | null; issues?: { path: string; message: string }[] | null }
      | undefined;
    const issue = data?.issues?.[0];
    if (issue) return `${issue.path || "input"}: ${issue.message}`;
    return data?.field ? `${data.field}: ${err.message}` : err.message;
  }
  if (
    err instanceof Error &&
    "cause" in err &&
    err.cause instanceof Error &&
    /ECONNREFUSED/.test(String(err.cause))
  ) {
    return "cannot reach the server";
  }
  return err instanceof Error ? err.message : String(err);
}
