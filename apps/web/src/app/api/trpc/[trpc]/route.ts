import { handleApiRequest } from "@switchyard/server/api";
import { getServerDeps } from "../../../../server/deps.ts";

export const dynamic = "force-dynamic";

const handler = async (req: Request) => handleApiRequest(req, await getServerDeps());

export { handler as GET, handler as POST };
