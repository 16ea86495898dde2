// The streamed audit export (packages/server/src/api/audit-export.ts): POST only, behind the
// same request guard and principal resolution as the tRPC API.
import { handleAuditExport } from "@switchyard/server/api";
import { getServerDeps } from "../../../../server/deps.ts";

export const dynamic = "force-dynamic";

export async function POST(req: Request): Promise<Response> {
  return handleAuditExport(req, await getServerDeps());
}
