"use client";
import type { AppRouter } from "@switchyard/server/api";
// The browser's tRPC client. Mutations go out as JSON POSTs; the browser adds the Origin
// the API checks, and the session cookie (HttpOnly) rides along.
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import superjson from "superjson";

export const api = createTRPCClient<AppRouter>({
  links: [httpBatchLink({ url: "/api/trpc", transformer: superjson })],
});

/** A message for people, naming the field at fault when the API says which. */
export function errorText(err: unknown): string {
  if (err instanceof TRPCClientError) {
    const data = err.data as
      | { field?: string | null; issues?: { path: string; message: string }[] | null }
      | undefined;
    const issue = data?.issues?.[0];
    if (issue) return issue.path ? `${issue.path}: ${issue.message}` : issue.message;
    if (data?.field) return `${data.field}: ${err.message}`;
    return err.message;
  }
  return err instanceof Error ? err.message : String(err);
}
