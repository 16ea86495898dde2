import { checkHealth } from "@switchyard/server";
import { getDb } from "../../server/db.ts";

export const dynamic = "force-dynamic";

/** Liveness and readiness: 200 when the database answers, 503 otherwise. */
export async function GET(): Promise<Response> {
  const health = await checkHealth(await getDb());
  return Response.json(health, {
    status: health.status === "ok" ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
}
