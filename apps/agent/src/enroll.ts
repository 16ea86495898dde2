// Enrollment over HTTP: POST {server}/api/agent/enroll with the token once; 200 gives the
// credential, 403 is the one refusal answer (fatal: a token does not get better by retrying),
// anything else (network, 5xx) is worth retrying with backoff.
import { EnrollResponse, PROTOCOL_VERSION } from "@switchyard/protocol";
import { z } from "zod";
import { AGENT_VERSION } from "./version.ts";

/** The server's 400 answer (which field of the request it refused). */
const InvalidAnswer = z.object({
  field: z.string().max(200).nullable().optional(),
  message: z.string().max(500).optional(),
});

export class EnrollmentRefused extends Error {
  override readonly name = "EnrollmentRefused";
}

export interface EnrollParams {
  server: string;
  enrollmentToken: string;
  hostName: string;
  machineId: string | null;
  labels: Record<string, string>;
}

/** Joins the server's base URL and a path, keeping a path prefix the server may live under. */
export function serverUrl(server: string, pathname: string): string {
  return `${server.replace(/\/+$/, "")}${pathname}`;
}

/** The agent WebSocket URL for a server URL (http → ws, https → wss). */
export function agentSocketUrl(server: string): string {
  return serverUrl(server, "/agent").replace(/^http/, "ws");
}

export async function enroll(params: EnrollParams, timeoutMs = 15_000): Promise<EnrollResponse> {
  const res = await fetch(serverUrl(params.server, "/api/agent/enroll"), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      protocolVersion: PROTOCOL_VERSION,
      enrollmentToken: params.enrollmentToken,
      hostName: params.hostName,
      agentVersion: AGENT_VERSION,
      machineId: params.machineId,
      labels: params.labels,
    }),
    redirect: "error",
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (res.status === 403)
    throw new EnrollmentRefused("enrollment refused: the token is invalid, expired or used up");
  if (res.status === 400) {
    // The request itself is wrong (e.g. a label the server refuses): retrying cannot help.
    const body = InvalidAnswer.safeParse(await res.json().catch(() => null));
    const why = body.success ? `${body.data.field ?? ""} ${body.data.message ?? ""}`.trim() : "";
    throw new EnrollmentRefused(`enrollment request refused as invalid${why ? `: ${why}` : ""}`);
  }
  if (res.status !== 200) throw new Error(`enrollment: HTTP ${res.status}`);
  const parsed = EnrollResponse.safeParse(await res.json());
  if (!parsed.success) throw new Error("enrollment: the server's answer is not an EnrollResponse");
  return parsed.data;
}
