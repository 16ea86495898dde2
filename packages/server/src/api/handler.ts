// The HTTP entry of the tRPC API (mounted by apps/web at /api/trpc): request guard,
// context (principal, request facts), then tRPC's fetch adapter.
import { randomUUID } from "node:crypto";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { resolvePrincipal } from "../auth/resolve-principal.ts";
import type { RequestMeta } from "../authz/principal.ts";
import type { ServerDeps } from "../deps.ts";
import { allowedOrigins, REMOTE_ADDR_HEADER, refusal, refusedResponse } from "./request-guard.ts";
import { appRouter } from "./root.ts";
import type { ApiContext } from "./trpc.ts";

export const API_ENDPOINT = "/api/trpc";

export function requestMeta(headers: Headers): RequestMeta {
  return {
    requestId: randomUUID(),
    sourceIp: headers.get(REMOTE_ADDR_HEADER),
    userAgent: headers.get("user-agent")?.slice(0, 512) ?? null,
  };
}

export async function createApiContext(
  deps: ServerDeps,
  headers: Headers,
  resHeaders: Headers,
): Promise<ApiContext> {
  return {
    deps,
    principal: await resolvePrincipal(deps, headers),
    meta: requestMeta(headers),
    reqHeaders: headers,
    resHeaders,
  };
}

export async function handleApiRequest(req: Request, deps: ServerDeps): Promise<Response> {
  const reason = refusal(req, allowedOrigins(deps.publicUrl));
  if (reason) return refusedResponse(reason);
  return fetchRequestHandler({
    endpoint: API_ENDPOINT,
    req,
    router: appRouter,
    createContext: ({ resHeaders }) => createApiContext(deps, req.headers, resHeaders),
    allowMethodOverride: false,
  });
}
