// The agent's WebSocket link to {server}/agent: authenticated by the stored credential in the
// Authorization header (never the URL); `hello` first, then `welcome` sets the report interval,
// heartbeats and frame limit. Reconnects forever with capped exponential backoff and full
// jitter, except after 4403 (revoked), which stops the agent. Every frame from the server goes
// through parseServerMessage: a bad one is answered with a (rate-limited) `error` or ignored,
// never executed and never fatal. One log line per change of connection state, not per retry.
import {
  AgentCloseCode,
  type AgentToServer,
  type CommandMessage,
  MAX_FRAME_BYTES,
  parseServerMessage,
  type ServerToAgent,
} from "@switchyard/protocol";
import WebSocket from "ws";
import { backoffDelay } from "./backoff.ts";
import type { Logger } from "./log.ts";
import { sleep } from "./sleep.ts";

type Welcome = Extract<ServerToAgent, { type: "welcome" }>;
type Hello = Extract<AgentToServer, { type: "hello" }>;

/** Time the server has to answer hello with welcome. */
const WELCOME_TIMEOUT_MS = 15_000;
/** Most `error` answers to bad frames per second (the rest are dropped, not answered). */
const ERROR_ANSWERS_PER_SECOND = 20;

/** An open, welcomed connection, as the rest of the agent sees it. */
export interface Session {
  send(message: AgentToServer, text?: string): boolean;
  readonly welcome: Welcome;
}

export interface ConnectionDeps {
  url: string;
  credential: string;
  log: Logger;
  backoffBaseMs: number;
  backoffCapMs: number;
  signal: AbortSignal;
  /** Builds hello for each connection (in-flight command ids change). */
  hello(): Promise<Hello>;
  onWelcome(session: Session): void;
  onClose(): void;
  onCommand(command: CommandMessage, session: Session): void;
  onSnapshotRequest(): void;
  /** Called on each change of connection state (for status.json). */
  onState(state: string, detail: string): void;
}

interface SessionOutcome {
  code: number;
  reason: string;
  welcomed: boolean;
  error: string | null;
}

/** How a closed connection is described and what happens next. */
export function classifyClose(outcome: Pick<SessionOutcome, "code" | "reason" | "error">): {
  state: string;
  detail: string;
  fatal: boolean;
} {
  switch (outcome.code) {
    case AgentCloseCode.Revoked:
      return { state: "revoked", detail: "the server revoked this agent (4403)", fatal: true };
    case AgentCloseCode.Unauthenticated:
      return {
        state: "unauthenticated",
        detail:
          "the server does not accept this agent's credential (4401: unknown or revoked); retrying with backoff",
        fatal: false,
      };
    case AgentCloseCode.Replaced:
      return {
        state: "replaced",
        detail: "a newer connection for this host replaced this one (4409)",
        fatal: false,
      };
    case AgentCloseCode.ProtocolError:
      return {
        state: "protocol_error",
        detail: `the server closed with a protocol error (4400: ${outcome.reason})`,
        fatal: false,
      };
    case 1009:
    case AgentCloseCode.FrameTooLarge:
      return { state: "too_large", detail: `a frame was too large (${outcome.code})`, fatal: false };
    default:
      if (outcome.error !== null)
        return { state: "unreachable", detail: `server unreachable: ${outcome.error}`, fatal: false };
      return {
        state: "disconnected",
        detail: `connection closed (${outcome.code}${outcome.reason ? `: ${outcome.reason}` : ""})`,
        fatal: false,
      };
  }
}

/** Connects and reconnects until stopped (resolves "stopped") or revoked (resolves "revoked"). */
export async function connectionLoop(deps: ConnectionDeps): Promise<"stopped" | "revoked"> {
  let attempt = 0;
  let lastLogged = "";
  const stateChange = (key: string, state: string, detail: string, level: "info" | "warn" | "error") => {
    if (key === lastLogged) return;
    lastLogged = key;
    deps.log[level](detail, { state });
    deps.onState(state, detail);
  };
  stateChange("connecting", "connecting", `connecting to ${deps.url}`, "info");
  while (!deps.signal.aborted) {
    const outcome = await runSession(deps, () =>
      stateChange("connected", "connected", `connected to ${deps.url}`, "info"),
    );
    if (deps.signal.aborted) break;
    if (outcome.welcomed) attempt = 0;
    const what = classifyClose(outcome);
    const level = what.fatal || what.state === "unauthenticated" ? "error" : "warn";
    // The key includes the detail so a new kind of failure is logged, a repeat is not.
    stateChange(`${what.state} ${what.detail}`, what.state, what.detail, level);
    if (what.fatal) return "revoked";
    await sleep(backoffDelay(attempt++, deps.backoffBaseMs, deps.backoffCapMs), deps.signal);
  }
  return "stopped";
}

function runSession(deps: ConnectionDeps, onConnected: () => void): Promise<SessionOutcome> {
  return new Promise((resolve) => {
    const { log } = deps;
    let welcome: Welcome | null = null;
    let lastHeard = Date.now();
    let error: string | null = null;
    let heartbeat: NodeJS.Timeout | undefined;
    let answers = { second: 0, count: 0 };
    let dropped = 0;
    const ws = new WebSocket(deps.url, {
      headers: { authorization: `Bearer ${deps.credential}` },
      maxPayload: MAX_FRAME_BYTES,
      handshakeTimeout: 10_000,
      perMessageDeflate: false,
      followRedirects: false,
    });
    const welcomeTimer = setTimeout(() => {
      if (welcome === null) {
        error = "no welcome from the server";
        ws.terminate();
      }
    }, WELCOME_TIMEOUT_MS);
    const onAbort = () => ws.close(1000, "agent stopping");
    deps.signal.addEventListener("abort", onAbort, { once: true });

    const send = (message: AgentToServer, text?: string): boolean => {
      if (ws.readyState !== WebSocket.OPEN) return false;
      ws.send(text ?? JSON.stringify(message));
      return true;
    };
    const answerError = (
      code: "too_large" | "malformed_json" | "unknown_type" | "invalid" | "unexpected",
      detail: string,
    ) => {
      const second = Math.floor(Date.now() / 1000);
      if (answers.second !== second) answers = { second, count: 0 };
      if (answers.count >= ERROR_ANSWERS_PER_SECOND) {
        dropped++;
        return;
      }
      answers.count++;
      send({ type: "error", code, message: detail.slice(0, 512) });
    };
    const session = (w: Welcome): Session => ({ send, welcome: w });

    ws.on("open", () => {
      // The gateway holds frames that arrive while it looks the credential up, so hello goes
      // out at once, exactly once.
      void deps.hello().then(
        (hello) => send(hello),
        (err: unknown) => {
          error = `cannot build hello: ${err instanceof Error ? err.message : String(err)}`;
          ws.terminate();
        },
      );
    });
    ws.on("ping", () => {
      lastHeard = Date.now();
    });
    ws.on("pong", () => {
      lastHeard = Date.now();
    });
    ws.on("message", (data: WebSocket.RawData) => {
      lastHeard = Date.now();
      const parsed = parseServerMessage(data, { maxBytes: welcome?.maxFrameBytes ?? MAX_FRAME_BYTES });
      if (!parsed.ok) {
        log.debug("bad frame from the server", { code: parsed.error.code, detail: parsed.error.detail });
        answerError(parsed.error.code, parsed.error.detail);
        return;
      }
      const msg = parsed.message;
      if (welcome === null) {
        if (msg.type === "welcome") {
          welcome = msg;
          clearTimeout(welcomeTimer);
          onConnected();
          const s = session(msg);
          heartbeat = setInterval(() => {
            if (Date.now() - lastHeard > msg.heartbeatGraceMs) {
              error = `no frame from the server for ${msg.heartbeatGraceMs} ms`;
              ws.terminate();
              return;
            }
            send({ type: "heartbeat", sentAt: new Date().toISOString() });
          }, msg.heartbeatIntervalMs);
          deps.onWelcome(s);
        } else if (msg.type === "error") {
          log.warn("server error before welcome", { code: msg.code, message: msg.message.slice(0, 200) });
        } else if (msg.type !== "heartbeat") {
          answerError("unexpected", `expected welcome, got ${msg.type}`);
        }
        return;
      }
      switch (msg.type) {
        case "welcome":
          // A second welcome changes nothing.
          return;
        case "heartbeat":
          return;
        case "snapshot_request":
          deps.onSnapshotRequest();
          return;
        case "command":
          deps.onCommand(msg, session(welcome));
          return;
        case "error":
          log.debug("server error", { code: msg.code, message: msg.message.slice(0, 200) });
          return;
      }
    });
    ws.on("error", (err: Error & { code?: string }) => {
      error = err.code ?? err.message.slice(0, 200);
    });
    ws.on("close", (code: number, reason: Buffer) => {
      clearTimeout(welcomeTimer);
      clearInterval(heartbeat);
      deps.signal.removeEventListener("abort", onAbort);
      if (dropped > 0) log.warn("bad frames from the server were not answered (rate limit)", { dropped });
      if (welcome !== null) deps.onClose();
      resolve({ code, reason: reason.toString("utf8").slice(0, 123), welcomed: welcome !== null, error });
    });
  });
}
