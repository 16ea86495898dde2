// The real agent process against a small local WebSocket server that speaks the protocol badly:
// after a proper welcome it sends 10,000 malformed, oversized, unknown-type and invalid frames
// (commands with unknown operations, bad ids, bad deadlines, argv smuggled in params...). The
// agent must stay up, answer or ignore them, execute nothing (no command_result, an empty
// journal), and reconnect after a frame so big the WebSocket layer closes the link (1009).
// Needs no lab: the agent reads its own (root) namespace, read-only, and has no Docker here.
import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { execa, type ResultPromise } from "execa";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type WebSocket, WebSocketServer } from "ws";

const AGENT_MAIN = path.join(import.meta.dirname, "..", "src", "main.ts");
const CREDENTIAL = `syag_${"f".repeat(43)}`;
const WELCOME_MAX_FRAME = 64 * 1024;

interface Conn {
  ws: WebSocket;
  authorization: string | undefined;
  url: string | undefined;
  received: { type: string; code?: string }[];
  closed: Promise<number>;
}

const future = () => new Date(Date.now() + 3_600_000).toISOString();

/** The i-th bad frame: a rotation of every kind of wrong. */
function badFrame(i: number): string | Buffer {
  const kinds: (() => string | Buffer)[] = [
    () => `{not json ${i}`,
    () => "",
    () => Buffer.from([0xff, 0xfe, 0x7b, i & 0xff]),
    () => JSON.stringify([i]),
    () => "null",
    () => JSON.stringify({ type: `no_such_type_${i % 7}` }),
    () => JSON.stringify({ type: "command" }),
    () =>
      JSON.stringify({
        type: "command",
        commandId: `c${i}`,
        planHash: "a".repeat(64),
        deadline: future(),
        operation: "exec",
        params: { argv: ["touch", "/tmp/pwned"] },
      }),
    () =>
      JSON.stringify({
        type: "command",
        commandId: "../../x; reboot",
        planHash: "a".repeat(64),
        deadline: future(),
        operation: "noop",
        params: {},
      }),
    () =>
      JSON.stringify({
        type: "command",
        commandId: `n${i}`,
        planHash: "zz",
        deadline: future(),
        operation: "noop",
        params: {},
      }),
    () =>
      JSON.stringify({
        type: "command",
        commandId: `d${i}`,
        planHash: "b".repeat(64),
        deadline: "tomorrow",
        operation: "collect_now",
        params: {},
      }),
    () => JSON.stringify({ type: "snapshot_request", reason: "please" }),
    () => JSON.stringify({ type: "heartbeat", sentAt: "yesterday" }),
    () => `${"[".repeat(200)}${"]".repeat(200)}`,
    () => JSON.stringify({ type: "error", code: "x", message: "y".repeat(WELCOME_MAX_FRAME) }),
    () => JSON.stringify({ type: "welcome" }),
    () => `{"type":"command","__proto__":{"operation":"noop"},"constructor":{"prototype":{"x":1}}}`,
    // Unknown keys alone would be stripped (a valid noop); the 63-character planHash is what is wrong.
    () =>
      JSON.stringify({
        type: "command",
        commandId: `p${i}`,
        planHash: "c".repeat(63),
        deadline: future(),
        operation: "noop",
        params: { extra: "$(id)" },
        x: Number.MAX_VALUE,
      }),
  ];
  const make = kinds[i % kinds.length];
  if (!make) throw new Error("unreachable");
  return make();
}

describe("agent vs a server that speaks the protocol badly", () => {
  let wss: WebSocketServer;
  let stateDir: string;
  let agent: ResultPromise | undefined;
  const conns: Conn[] = [];
  let onConn: ((c: Conn) => void) | null = null;

  beforeAll(async () => {
    wss = new WebSocketServer({ host: "127.0.0.1", port: 0, maxPayload: 8 * 1024 * 1024 });
    await new Promise<void>((resolve) => wss.once("listening", () => resolve()));
    wss.on("connection", (ws, req) => {
      const conn: Conn = {
        ws,
        authorization: req.headers.authorization,
        url: req.url,
        received: [],
        closed: new Promise((resolve) => ws.once("close", (code) => resolve(code))),
      };
      ws.on("message", (data) => {
        let msg: { type?: unknown; code?: unknown };
        try {
          msg = JSON.parse(data.toString()) as { type?: unknown; code?: unknown };
        } catch {
          msg = { type: "(not json)" };
        }
        const type = String(msg.type);
        conn.received.push({ type, ...(typeof msg.code === "string" ? { code: msg.code } : {}) });
        if (type === "hello" && conn.received.filter((m) => m.type === "hello").length === 1) {
          ws.send(
            JSON.stringify({
              type: "welcome",
              protocolVersion: 1,
              hostId: "fuzz-host",
              reportIntervalMs: 3_600_000,
              heartbeatIntervalMs: 5_000,
              heartbeatGraceMs: 120_000,
              maxFrameBytes: WELCOME_MAX_FRAME,
              serverTime: new Date().toISOString(),
            }),
          );
        }
      });
      conns.push(conn);
      onConn?.(conn);
    });
    const port = (wss.address() as AddressInfo).port;
    stateDir = await mkdtemp(path.join(tmpdir(), "sy-agent-fuzz-"));
    const credentialFile = path.join(stateDir, "credential.json");
    await writeFile(
      credentialFile,
      JSON.stringify({
        server: `http://127.0.0.1:${port}`,
        hostId: "fuzz-host",
        agentId: "fuzz-agent",
        credential: CREDENTIAL,
      }),
    );
    await chmod(credentialFile, 0o600);
    agent = execa(
      process.execPath,
      [
        "--import",
        "tsx",
        AGENT_MAIN,
        "run",
        "--server",
        `http://127.0.0.1:${port}`,
        "--state-dir",
        stateDir,
        "--docker-socket",
        path.join(stateDir, "no-docker.sock"),
        "--host-name",
        "fuzz-host",
        "--backoff-base-ms",
        "50",
        "--backoff-cap-ms",
        "500",
      ],
      { reject: false, extendEnv: false, env: { PATH: process.env.PATH ?? "" }, cleanup: true },
    );
  });

  afterAll(async () => {
    // SIGTERM first: a SIGKILLed agent cannot stop its `ip monitor` / `nft monitor` children.
    if (agent?.pid !== undefined && agent.exitCode === null) {
      agent.kill("SIGTERM");
      const timer = setTimeout(() => agent?.kill("SIGKILL"), 10_000);
      await agent;
      clearTimeout(timer);
    }
    for (const c of wss?.clients ?? []) c.terminate();
    await new Promise((resolve) => wss?.close(resolve));
    if (stateDir) await rm(stateDir, { recursive: true, force: true });
  });

  it("survives 10,000 malformed, oversized and unknown frames, executes nothing, and reconnects after a 1009", async () => {
    await vi.waitFor(() => expect(conns[0]?.received.map((m) => m.type)).toContain("snapshot"), {
      timeout: 60_000,
      interval: 100,
    });
    const first = conns[0];
    if (!first) throw new Error("no connection");
    expect(first.authorization).toBe(`Bearer ${CREDENTIAL}`);
    expect(first.url).toBe("/agent");

    const started = Date.now();
    for (let i = 0; i < 10_000; i++) {
      const frame = badFrame(i);
      await new Promise<void>((resolve, reject) =>
        first.ws.send(frame, (err) => (err ? reject(err) : resolve())),
      );
    }
    // Still the same socket, still talking: a heartbeat round-trip after the flood.
    await vi.waitFor(
      () => expect(first.received.filter((m) => m.type === "heartbeat").length).toBeGreaterThan(0),
      {
        timeout: 15_000,
      },
    );
    const floodMs = Date.now() - started;
    expect(first.ws.readyState).toBe(first.ws.OPEN);
    const errors = first.received.filter((m) => m.type === "error");
    expect(errors.length).toBeGreaterThan(0);
    // Answers are rate-limited (20 per second), so the flood cannot be amplified.
    expect(errors.length).toBeLessThanOrEqual(20 * (Math.ceil(floodMs / 1000) + 2));
    for (const e of errors)
      expect(["malformed_json", "invalid", "unknown_type", "too_large", "unexpected"]).toContain(e.code);

    // A frame over the protocol's 4 MiB limit: the WebSocket layer closes with 1009; the agent reconnects.
    const reconnected = new Promise<Conn>((resolve) => {
      onConn = resolve;
    });
    first.ws.send("x".repeat(4 * 1024 * 1024 + 10));
    expect(await first.closed).toBe(1009);
    const second = await reconnected;
    await vi.waitFor(() => expect(second.received.map((m) => m.type)).toContain("hello"), {
      timeout: 15_000,
    });

    // Nothing executed: no command answers on any connection, nothing journaled, still running.
    for (const c of conns) {
      expect(c.received.filter((m) => m.type === "command_result" || m.type === "command_progress")).toEqual(
        [],
      );
    }
    expect(await readFile(path.join(stateDir, "journal.jsonl"), "utf8")).toBe("");
    expect(agent?.exitCode).toBeNull();

    agent?.kill("SIGTERM");
    const result = await agent;
    const stderr = String(result?.stderr ?? "");
    expect(result?.exitCode, stderr).toBe(0);
    expect(stderr).not.toMatch(/fatal|Uncaught|TypeError/);
  });
});
