import { handleEnrollRequest } from "@switchyard/server/api";
import { getServerDeps } from "../../../../server/deps.ts";

export const dynamic = "force-dynamic";

export async function POST(req: Request): Promise<Response> {
  return handleEnrollRequest(req, await getServerDeps());
}
