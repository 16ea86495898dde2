// The agent gateway: WebSocket upgrades at /agent. An agent authenticates with its
// per-agent credential in the Authorization header (never the URL), says `hello`, gets
// `welcome`, then reports snapshots (full or delta) and heartbeats. One live socket per
// host; a silent link is dropped after the heartbeat grace. Every frame goes through the
// protocol's parser: bad frames get an `error` answer (or a close when they keep coming),
// never a crash and never a write.
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { agents, type Db } from "@switchyard/db";
import { applySnapshotDelta, snapshotHash } from "@switchyard/netops";
import {
  AgentCloseCode,
  type AgentToServer,
  agentCloseReason,
  MAX_FRAME_BYTES,
  PROTOCOL_VERSION,
  parseAgentMessage,
  type ServerToAgent,
} from "@switchyard/protocol";
import { eq } from "drizzle-orm";
import { type WebSocket, WebSocketServer } from "ws";
import { authenticateAgent } from "../agents/enroll.ts";
import { recordAudit } from "../audit/record.ts";
import {
  latestSnapshot,
  markConnected,
  markDisconnected,
  storeSnapshot,
  sweepOffline,
  touchHost,
} from "../fleet/ingest.ts";

export const AGENT_PATH = "/agent";

/** Every audit action the gateway records (the audit coverage test enumerates these). */
export const GATEWAY_AUDIT_ACTIONS = ["agents.connect", "agents.disconnect"] as const;
type GatewayAuditAction = (typeof GATEWAY_AUDIT_ACTIONS)[number];
/** Largest frame the gateway accepts from an agent (the protocol's limit). */
export const MAX_AGENT_FRAME_BYTES = MAX_FRAME_BYTES;

export interface GatewayTiming {
  /** Re-collect interval the agent is told in `welcome`. */
  reportIntervalMs: number;
  /** Heartbeat interval, both directions. */
  heartbeatIntervalMs: number;
  /** Silence after which a host is offline and its socket dropped. */
  heartbeatGraceMs: number;
  /** Time an authenticated socket has to say `hello`. */
  helloTimeoutMs: number;
}

export const defaultGatewayTiming: GatewayTiming = {
  reportIntervalMs: 15_000,
  heartbeatIntervalMs: 5_000,
  heartbeatGraceMs: 20_000,
  helloTimeoutMs: 10_000,
};

/** Bad frames tolerated per window before the socket is closed. */
const ERROR_BUDGET = 100;
const ERROR_WINDOW_MS = 10_000;

export interface AgentGateway {
  /** True when the request is for the agent channel and was taken. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Closes the live socket of a revoked agent (AgentCloseCode.Revoked). */
  disconnectAgent(agentId: string): void;
  /** Host ids with a live, greeted socket on this instance. */
  connectedHosts(): string[];
  close(): Promise<void>;
}

interface Session {
  ws: WebSocket;
  agentId: string;
  hostId: string;
  greeted: boolean;
  lastHeard: number;
  lastTouched: number;
  errors: number[];
  /** Messages are handled one at a time, in order. */
  queue: Promise<void>;
}

function send(ws: WebSocket, message: ServerToAgent) {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
}

function toBuffer(data: Buffer | ArrayBuffer | Buffer[]): Buffer {
  if (Buffer.isBuffer(data)) return data;
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
}

function credentialOf(req: IncomingMessage): string | null {
  const m = /^Bearer\s+(\S{1,512})$/i.exec((req.headers.authorization ?? "").trim());
  return m?.[1] ?? null;
}

export function createAgentGateway(opts: { db: Db; timing?: Partial<GatewayTiming> }): AgentGateway {
  const { db } = opts;
  const timing = { ...defaultGatewayTiming, ...opts.timing };
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_AGENT_FRAME_BYTES });
  const sessions = new Map<string, Session>();

  const audit = (
    s: { agentId: string | null; hostId: string | null },
    action: GatewayAuditAction,
    extra: object = {},
  ) =>
    recordAudit(db, {
      actorType: "agent",
      actorId: s.agentId,
      actorName: null,
      role: null,
      action,
      targetHosts: s.hostId ? [s.hostId] : [],
      targetObjects: s.agentId ? [`agent:${s.agentId}`] : [],
      outcome: "succeeded",
      ...extra,
    }).catch((err: unknown) => console.error("switchyard: gateway audit failed", err));

  const refuse = (ws: WebSocket) =>
    ws.close(AgentCloseCode.Unauthenticated, agentCloseReason[AgentCloseCode.Unauthenticated]);

  async function onMessage(s: Session, raw: Buffer) {
    const parsed = parseAgentMessage(raw);
    if (!parsed.ok) {
      protocolError(s, parsed.error.code, parsed.error.detail);
      return;
    }
    const msg = parsed.message;
    s.lastHeard = Date.now();
    if (!s.greeted && msg.type !== "hello") {
      protocolError(s, "unexpected", `expected hello, got ${msg.type}`);
      return;
    }
    await handle(s, msg);
    if (Date.now() - s.lastTouched > timing.heartbeatIntervalMs) {
      s.lastTouched = Date.now();
      await touchHost(db, s.hostId);
    }
  }

  async function handle(s: Session, msg: AgentToServer) {
    switch (msg.type) {
      case "hello": {
        if (msg.protocolVersion !== PROTOCOL_VERSION) {
          send(s.ws, {
            type: "error",
            code: "unsupported_version",
            message: `server speaks ${PROTOCOL_VERSION}`,
          });
          s.ws.close(AgentCloseCode.ProtocolError, "unsupported protocol version");
          return;
        }
        s.greeted = true;
        await db
          .update(agents)
          .set({ lastConnectedAt: new Date(), agentVersion: msg.agentVersion, bootId: msg.bootId })
          .where(eq(agents.id, s.agentId));
        await markConnected(db, s.hostId, { agentVersion: msg.agentVersion, labels: msg.labels });
        await audit(s, "agents.connect", { params: { agentVersion: msg.agentVersion, bootId: msg.bootId } });
        send(s.ws, {
          type: "welcome",
          protocolVersion: PROTOCOL_VERSION,
          hostId: s.hostId,
          reportIntervalMs: timing.reportIntervalMs,
          heartbeatIntervalMs: timing.heartbeatIntervalMs,
          heartbeatGraceMs: timing.heartbeatGraceMs,
          maxFrameBytes: MAX_AGENT_FRAME_BYTES,
          serverTime: new Date().toISOString(),
        });
        return;
      }
      case "snapshot": {
        if (snapshotHash(msg.snapshot) !== msg.hash) {
          send(s.ws, {
            type: "error",
            code: "snapshot_hash_mismatch",
            message: "hash does not match the snapshot",
          });
          return;
        }
        await storeSnapshot(db, s.hostId, msg.hash, msg.snapshot);
        return;
      }
      case "snapshot_delta": {
        const base = await latestSnapshot(db, s.hostId);
        if (!base || base.hash !== msg.baseHash) {
          send(s.ws, { type: "snapshot_request", reason: base ? "base_mismatch" : "no_snapshot" });
          return;
        }
        const result = applySnapshotDelta(base.snapshot, {
          baseHash: msg.baseHash,
          hash: msg.hash,
          sections: msg.sections,
        });
        if (!result.ok) {
          send(s.ws, { type: "snapshot_request", reason: "hash_mismatch" });
          return;
        }
        await storeSnapshot(db, s.hostId, msg.hash, result.value);
        return;
      }
      case "heartbeat":
        return;
      default:
        // Command progress and results arrive with the operations issue; accepted, not stored.
        return;
    }
  }

  function protocolError(
    s: Session,
    code: "too_large" | "malformed_json" | "unknown_type" | "invalid" | "unexpected",
    detail: string,
  ) {
    const now = Date.now();
    s.errors = s.errors.filter((t) => now - t < ERROR_WINDOW_MS);
    s.errors.push(now);
    send(s.ws, { type: "error", code, message: detail.slice(0, 512) });
    if (s.errors.length > ERROR_BUDGET || code === "unexpected") {
      s.ws.close(AgentCloseCode.ProtocolError, agentCloseReason[AgentCloseCode.ProtocolError]);
    }
  }

  function attach(ws: WebSocket, identity: { agentId: string; hostId: string }, early: Buffer[]) {
    const previous = sessions.get(identity.hostId);
    if (previous) {
      sessions.delete(identity.hostId);
      previous.ws.close(AgentCloseCode.Replaced, agentCloseReason[AgentCloseCode.Replaced]);
    }
    const s: Session = {
      ws,
      ...identity,
      greeted: false,
      lastHeard: Date.now(),
      lastTouched: 0,
      errors: [],
      queue: Promise.resolve(),
    };
    sessions.set(identity.hostId, s);
    const helloTimer = setTimeout(() => {
      if (!s.greeted) ws.close(AgentCloseCode.ProtocolError, "no hello");
    }, timing.helloTimeoutMs);
    const enqueue = (raw: Buffer) => {
      s.queue = s.queue.then(() =>
        onMessage(s, raw).catch((err: unknown) => {
          console.error("switchyard: agent message failed", err);
          send(ws, { type: "error", code: "internal", message: "server error; retry later" });
        }),
      );
    };
    // From now on frames go to the session, after those that arrived during authentication.
    ws.removeAllListeners("message");
    ws.on("message", (data) => enqueue(toBuffer(data)));
    for (const raw of early) enqueue(raw);
    ws.on("pong", () => {
      s.lastHeard = Date.now();
    });
    ws.on("close", () => {
      clearTimeout(helloTimer);
      if (sessions.get(identity.hostId) === s) {
        sessions.delete(identity.hostId);
        if (s.greeted) {
          s.queue = s.queue.then(async () => {
            await markDisconnected(db, identity.hostId, "disconnected").catch(() => {});
            await audit(s, "agents.disconnect");
          });
        }
      }
    });
  }

  // Liveness: ping every interval; a socket silent past the grace (no FIN seen) is dropped,
  // and hosts nobody has heard from go offline.
  const ticker = setInterval(() => {
    const now = Date.now();
    for (const s of sessions.values()) {
      if (now - s.lastHeard > timing.heartbeatGraceMs) s.ws.terminate();
      else if (s.ws.readyState === s.ws.OPEN) {
        s.ws.ping();
        if (s.greeted) send(s.ws, { type: "heartbeat", sentAt: new Date(now).toISOString() });
      }
    }
    void sweepOffline(db, timing.heartbeatGraceMs).catch(() => {});
  }, timing.heartbeatIntervalMs);
  ticker.unref();

  return {
    handleUpgrade(req, socket, head) {
      const raw = req.url ?? "/";
      const q = raw.indexOf("?");
      const path = q === -1 ? raw : raw.slice(0, q);
      if (path !== AGENT_PATH) return false;
      wss.handleUpgrade(req, socket, head, (ws) => {
        ws.on("error", () => ws.terminate());
        // Frames sent before authentication finishes wait here (bounded), unparsed.
        const early: Buffer[] = [];
        ws.on("message", (data) => {
          if (early.length < 16) early.push(toBuffer(data));
          else ws.close(AgentCloseCode.ProtocolError, agentCloseReason[AgentCloseCode.ProtocolError]);
        });
        // A credential is only ever read from the header; a query string is refused outright.
        const credential = q === -1 ? credentialOf(req) : null;
        if (!credential) {
          refuse(ws);
          return;
        }
        authenticateAgent(db, credential).then(
          (identity) => {
            if (!identity) {
              void audit({ agentId: null, hostId: null }, "agents.connect", {
                outcome: "failed",
                decision: "deny",
                error: "unknown or revoked credential",
                sourceIp: req.socket.remoteAddress ?? null,
              });
              refuse(ws);
              return;
            }
            if (ws.readyState !== ws.OPEN) return;
            attach(ws, identity, early);
          },
          () => refuse(ws),
        );
      });
      return true;
    },
    disconnectAgent(agentId) {
      for (const s of sessions.values()) {
        if (s.agentId === agentId)
          s.ws.close(AgentCloseCode.Revoked, agentCloseReason[AgentCloseCode.Revoked]);
      }
    },
    connectedHosts: () => [...sessions.values()].filter((s) => s.greeted).map((s) => s.hostId),
    close: () =>
      new Promise((resolve) => {
        clearInterval(ticker);
        for (const client of wss.clients) client.close(AgentCloseCode.GoingAway, agentCloseReason[1001]);
        wss.close(() => resolve());
      }),
  };
}
