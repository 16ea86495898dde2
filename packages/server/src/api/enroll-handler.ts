// POST /api/agent/enroll: an agent trades an enrollment token for its credential. JSON in,
// JSON out; every refusal is the one ENROLL_REFUSED answer.
import { ENROLL_REFUSED, EnrollRequest } from "@switchyard/protocol";
import { enrollAgent } from "../agents/enroll.ts";
import type { ServerDeps } from "../deps.ts";
import { requestMeta } from "./handler.ts";
import { allowedOrigins, refusal, refusedResponse } from "./request-guard.ts";

export const ENROLL_ENDPOINT = "/api/agent/enroll";
const MAX_BODY_BYTES = 16 * 1024;

export async function handleEnrollRequest(req: Request, deps: ServerDeps): Promise<Response> {
  if (req.method !== "POST") return Response.json({ error: "method not allowed" }, { status: 405 });
  const reason = refusal(req, allowedOrigins(deps.publicUrl));
  if (reason) return refusedResponse(reason);
  const text = await req.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES)
    return Response.json({ error: "body too large" }, { status: 413 });
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return Response.json({ error: "malformed JSON" }, { status: 400 });
  }
  const parsed = EnrollRequest.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return Response.json(
      { error: "invalid", field: issue?.path.join(".") ?? null, message: issue?.message ?? "invalid" },
      { status: 400 },
    );
  }
  const result = await enrollAgent(deps.db, parsed.data, requestMeta(req.headers));
  return result ? Response.json(result) : Response.json(ENROLL_REFUSED, { status: 403 });
}
