// The agent gateway: takes WebSocket upgrades at /agent from the HTTP server.
// Agents authenticate with a per-agent credential in the Authorization header (never in
// the URL); until enrollment exists (a later issue) no credential is valid, so every
// socket is refused with AgentCloseCode.Unauthenticated.
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { AgentCloseCode, agentCloseReason } from "@switchyard/protocol";
import { WebSocketServer } from "ws";

export const AGENT_PATH = "/agent";
/** Largest frame the gateway accepts from an agent. */
export const MAX_AGENT_FRAME_BYTES = 4 * 1024 * 1024;

export type AgentAuthenticator = (req: IncomingMessage) => Promise<{ hostId: string } | null>;

export interface AgentGateway {
  /** True when the request is for the agent channel and was taken. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  close(): Promise<void>;
}

const refuseAll: AgentAuthenticator = async () => null;

export function createAgentGateway(opts: { authenticate?: AgentAuthenticator } = {}): AgentGateway {
  const authenticate = opts.authenticate ?? refuseAll;
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_AGENT_FRAME_BYTES });

  return {
    handleUpgrade(req, socket, head) {
      if (pathOf(req) !== AGENT_PATH) return false;
      wss.handleUpgrade(req, socket, head, (ws) => {
        // Frames that arrive before authentication finishes are ignored, never parsed.
        ws.on("error", () => ws.terminate());
        authenticate(req).then(
          (identity) => {
            if (!identity) {
              const code = AgentCloseCode.Unauthenticated;
              ws.close(code, agentCloseReason[code]);
            }
          },
          () => ws.close(AgentCloseCode.Unauthenticated, agentCloseReason[AgentCloseCode.Unauthenticated]),
        );
      });
      return true;
    },
    close: () =>
      new Promise((resolve) => {
        for (const client of wss.clients) client.close(AgentCloseCode.GoingAway, agentCloseReason[1001]);
        wss.close(() => resolve());
      }),
  };
}

function pathOf(req: IncomingMessage): string {
  const raw = req.url ?? "/";
  const q = raw.indexOf("?");
  return q === -1 ? raw : raw.slice(0, q);
}
