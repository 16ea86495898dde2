import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { agentExamples, serverExamples } from "./examples.test-support.ts";
import { AGENT_MESSAGE_TYPES } from "./messages/agent-to-server.ts";
import { SERVER_MESSAGE_TYPES } from "./messages/server-to-agent.ts";
import { MAX_JSON_DEPTH, type ParseResult, parseAgentMessage, parseServerMessage } from "./parse.ts";
import { MAX_FRAME_BYTES } from "./version.ts";

const encoder = new TextEncoder();

function step() {
  const result = agentExamples.find((m) => m.type === "command_result");
  if (result?.type !== "command_result" || !result.steps[0]) throw new Error("example");
  return result.steps[0];
}

function errorCode(result: ParseResult<unknown>): string | null {
  return result.ok ? null : result.error.code;
}

describe("parseAgentMessage / parseServerMessage", () => {
  it("accept every example message, as a string, a Buffer, an ArrayBuffer or fragments", () => {
    for (const message of agentExamples) {
      const text = JSON.stringify(message);
      const bytes = encoder.encode(text);
      for (const raw of [text, Buffer.from(text), bytes.buffer, [bytes.subarray(0, 7), bytes.subarray(7)]]) {
        expect(parseAgentMessage(raw)).toEqual({ ok: true, message });
      }
    }
    for (const message of serverExamples) {
      expect(parseServerMessage(JSON.stringify(message))).toEqual({ ok: true, message });
    }
  });

  it("strip fields they do not know (a newer peer may add optional ones)", () => {
    const result = parseAgentMessage(JSON.stringify({ ...agentExamples[3], extra: { deep: [1, 2, 3] } }));
    expect(result).toEqual({ ok: true, message: agentExamples[3] });
  });

  it("refuse a frame over MAX_FRAME_BYTES before decoding it: too_large", () => {
    const big = `{"type":"heartbeat","sentAt":"${"x".repeat(MAX_FRAME_BYTES)}"}`;
    expect(parseAgentMessage(big)).toEqual({
      ok: false,
      error: { code: "too_large", detail: `frame larger than ${MAX_FRAME_BYTES} bytes` },
    });
    expect(errorCode(parseAgentMessage(Buffer.alloc(MAX_FRAME_BYTES + 1, 0x20)))).toBe("too_large");
    expect(errorCode(parseAgentMessage([Buffer.alloc(MAX_FRAME_BYTES), Buffer.alloc(1)]))).toBe("too_large");
    // Fewer characters than the limit, more bytes: 3-byte characters.
    expect(errorCode(parseAgentMessage("€".repeat(Math.floor(MAX_FRAME_BYTES / 2))))).toBe("too_large");
    expect(errorCode(parseAgentMessage('{"type":"heartbeat"}', { maxBytes: 10 }))).toBe("too_large");
  });

  it("refuse non-JSON and non-UTF-8: malformed_json", () => {
    expect(errorCode(parseAgentMessage("{"))).toBe("malformed_json");
    expect(errorCode(parseAgentMessage(""))).toBe("malformed_json");
    expect(errorCode(parseAgentMessage(Buffer.from([0x7b, 0xff, 0x7d])))).toBe("malformed_json");
  });

  it("refuse an unknown type: unknown_type, naming it (bounded)", () => {
    expect(parseAgentMessage('{"type":"reboot"}')).toEqual({
      ok: false,
      error: { code: "unknown_type", detail: 'unknown message type "reboot"' },
    });
    // A server-only type is unknown from an agent, and the other way round.
    expect(errorCode(parseAgentMessage('{"type":"command"}'))).toBe("unknown_type");
    expect(errorCode(parseServerMessage('{"type":"hello"}'))).toBe("unknown_type");
    const long = parseAgentMessage(JSON.stringify({ type: "x".repeat(100_000) }));
    expect(!long.ok && long.error.detail.length).toBeLessThan(300);
  });

  it("refuse the wrong shape: invalid, naming the fields", () => {
    for (const raw of ["[]", "null", "42", '"hello"', "{}", '{"type":5}']) {
      expect(errorCode(parseAgentMessage(raw))).toBe("invalid");
    }
    const missing = parseAgentMessage('{"type":"hello","protocolVersion":"1"}');
    expect(!missing.ok && missing.error.detail).toMatch(/^invalid hello: protocolVersion: /);
    const badOp = parseServerMessage(
      JSON.stringify({
        type: "command",
        commandId: "c",
        operation: "rm -rf /",
        params: {},
        planHash: "a".repeat(64),
        deadline: "2026-11-29T02:50:58Z",
      }),
    );
    expect(!badOp.ok && badOp.error).toMatchObject({
      code: "invalid",
      detail: expect.stringContaining("operation"),
    });
    const badId = parseAgentMessage(JSON.stringify({ ...agentExamples[4], commandId: "$(id)" }));
    expect(errorCode(badId)).toBe("invalid");
  });

  it("keep the detail bounded when a message has thousands of problems", () => {
    const hello = { ...agentExamples[0], inFlightCommandIds: Array.from({ length: 1000 }, () => "bad id!") };
    const result = parseAgentMessage(JSON.stringify(hello));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe("invalid");
      expect(result.error.detail.length).toBeLessThan(1500);
      expect(result.error.detail).toMatch(/and \d+ more$/);
    }
  });

  it("refuse deeply nested JSON before parsing it (JSON.parse would spend seconds on it)", () => {
    const depth = 1_000_000;
    const nested = `{"type":"heartbeat","sentAt":"2026-11-29T02:50:58Z","x":${"[".repeat(depth)}${"]".repeat(depth)}}`;
    const started = performance.now();
    expect(parseAgentMessage(nested)).toEqual({
      ok: false,
      error: { code: "too_large", detail: `JSON nested deeper than ${MAX_JSON_DEPTH} levels` },
    });
    expect(performance.now() - started).toBeLessThan(500);
    // Brackets inside strings do not count.
    const inString = { ...agentExamples[5], steps: [{ ...step(), stdout: "[".repeat(1000) }] };
    expect(parseAgentMessage(JSON.stringify(inString)).ok).toBe(true);
    const justDeepEnough = `${"[".repeat(MAX_JSON_DEPTH)}${"]".repeat(MAX_JSON_DEPTH)}`;
    expect(errorCode(parseAgentMessage(justDeepEnough))).toBe("invalid");
  });

  it("never throw on random strings, bytes or JSON, and always answer one of the four codes", () => {
    const codes = new Set(["too_large", "malformed_json", "unknown_type", "invalid"]);
    const check = (result: ParseResult<unknown>) => {
      if (!result.ok) {
        expect(codes.has(result.error.code)).toBe(true);
        expect(result.error.detail.length).toBeLessThan(1500);
      }
    };
    fc.assert(
      fc.property(fc.string({ maxLength: 2000 }), (text) => {
        check(parseAgentMessage(text));
        check(parseServerMessage(text));
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        check(parseAgentMessage(bytes));
        check(parseServerMessage(Buffer.from(bytes)));
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        check(parseAgentMessage(JSON.stringify(value)));
        check(parseServerMessage(JSON.stringify(value)));
      }),
      { numRuns: 500 },
    );
  });

  it("answer 10,000 malformed, oversized and unknown-type frames with an error, never a message", () => {
    const frames = fc.oneof(
      fc.string({ maxLength: 200 }).map((text) => `{${text}`),
      fc.uint8Array({ maxLength: 200 }).map((bytes) => Uint8Array.from([0xff, ...bytes])),
      fc
        .string({ minLength: 1, maxLength: 30 })
        .filter((t) => !(AGENT_MESSAGE_TYPES as readonly string[]).includes(t))
        .map((type) => JSON.stringify({ type })),
      fc.nat({ max: 1000 }).map((n) => " ".repeat(MAX_FRAME_BYTES + 1 + n)),
    );
    fc.assert(
      fc.property(frames, (frame) => {
        const result = parseAgentMessage(frame);
        expect(result.ok).toBe(false);
      }),
      { numRuns: 10_000 },
    );
  });

  it("never throw on objects with a known type and random fields (what a fuzzer at the gateway sends)", () => {
    const agentFrame = fc
      .record({ type: fc.constantFrom(...AGENT_MESSAGE_TYPES) })
      .chain((head) =>
        fc
          .dictionary(fc.string({ maxLength: 20 }), fc.jsonValue({ maxDepth: 3 }))
          .map((rest) => ({ ...rest, ...head })),
      );
    const serverFrame = fc.record({ type: fc.constantFrom(...SERVER_MESSAGE_TYPES) }).chain((head) =>
      fc
        .record({
          operation: fc.oneof(fc.constantFrom("noop", "collect_now"), fc.string()),
          params: fc.jsonValue(),
        })
        .map((rest) => ({ ...rest, ...head })),
    );
    fc.assert(
      fc.property(agentFrame, serverFrame, (a, s) => {
        const ra = parseAgentMessage(JSON.stringify(a));
        const rs = parseServerMessage(JSON.stringify(s));
        if (!ra.ok) expect(ra.error.code).toBe("invalid");
        if (!rs.ok) expect(rs.error.code).toBe("invalid");
      }),
      { numRuns: 500 },
    );
  });

  it("never throw on mutations of valid messages, and accept what they accept unchanged on a re-parse", () => {
    const mutated = fc
      .tuple(fc.constantFrom(...agentExamples), fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }))
      .map(([message, key, value]) => {
        const keys = Object.keys(message);
        const target = keys.includes(key) ? key : (keys[key.length % keys.length] ?? "type");
        return { ...message, [target]: value };
      });
    fc.assert(
      fc.property(mutated, (message) => {
        const result = parseAgentMessage(JSON.stringify(message));
        if (result.ok) expect(parseAgentMessage(JSON.stringify(result.message))).toEqual(result);
      }),
      { numRuns: 500 },
    );
  });
});
