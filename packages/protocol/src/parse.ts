// Parsing frames from the wire. These functions face hostile input: they never throw, they
// check the size before decoding or parsing anything, and their error details are bounded and
// never echo the frame back.
import type { z } from "zod";
import { AGENT_MESSAGE_TYPES, AgentToServer } from "./messages/agent-to-server.ts";
import { SERVER_MESSAGE_TYPES, ServerToAgent } from "./messages/server-to-agent.ts";
import { MAX_FRAME_BYTES } from "./version.ts";

/** Why a frame was refused by a parser. */
export type ParseErrorCode = "too_large" | "malformed_json" | "unknown_type" | "invalid";

/** Outcome of parsing a frame. */
export type ParseResult<M> =
  | { ok: true; message: M }
  | { ok: false; error: { code: ParseErrorCode; detail: string } };

/** A frame as WebSocket libraries hand it over (`ws` gives a Buffer, an ArrayBuffer or fragments). */
export type RawFrame = string | Uint8Array | ArrayBuffer | readonly Uint8Array[];

/** Options of the parsers. */
export interface ParseOptions {
  /** Largest accepted frame in bytes; defaults to MAX_FRAME_BYTES. */
  maxBytes?: number;
}

/** Parses a frame an agent sent. Never throws. */
export function parseAgentMessage(raw: RawFrame, options: ParseOptions = {}): ParseResult<AgentToServer> {
  return parseFrame(raw, AgentToServer, AGENT_MESSAGE_TYPES, options);
}

/** Parses a frame the server sent. Never throws. */
export function parseServerMessage(raw: RawFrame, options: ParseOptions = {}): ParseResult<ServerToAgent> {
  return parseFrame(raw, ServerToAgent, SERVER_MESSAGE_TYPES, options);
}

/** Deepest JSON nesting accepted (a snapshot nests about ten levels). */
export const MAX_JSON_DEPTH = 64;

const MAX_ISSUES_IN_DETAIL = 5;
const MAX_DETAIL_PART = 200;

function parseFrame<S extends z.ZodType>(
  raw: RawFrame,
  schema: S,
  knownTypes: readonly string[],
  options: ParseOptions,
): ParseResult<z.output<S>> {
  try {
    const maxBytes = options.maxBytes ?? MAX_FRAME_BYTES;
    const text = frameText(raw, maxBytes);
    if (!text.ok) return text;
    // V8's JSON.parse takes seconds on a few MB of `[[[[…]]]]`; no message nests deeper than
    // about ten levels, so anything past MAX_JSON_DEPTH is refused by a linear scan first.
    if (nestsDeeperThan(text.value, MAX_JSON_DEPTH)) {
      return fail("too_large", `JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text.value);
    } catch (err) {
      return fail("malformed_json", `not JSON: ${clip(err instanceof Error ? err.message : String(err))}`);
    }
    if (typeof json !== "object" || json === null || Array.isArray(json)) {
      return fail("invalid", "a message is a JSON object with a string `type`");
    }
    const type: unknown = (json as { type?: unknown }).type;
    if (typeof type !== "string") return fail("invalid", "a message is a JSON object with a string `type`");
    if (!knownTypes.includes(type))
      return fail("unknown_type", `unknown message type ${clip(JSON.stringify(type))}`);
    const parsed = schema.safeParse(json);
    if (!parsed.success) return fail("invalid", describeIssues(type, parsed.error.issues));
    return { ok: true, message: parsed.data };
  } catch (err) {
    // Nothing above should throw; if something does (a bug, an engine limit), the frame is
    // refused rather than taking the gateway or agent down.
    return fail("invalid", `unparseable: ${clip(err instanceof Error ? err.message : String(err))}`);
  }
}

type TextResult =
  | { ok: true; value: string }
  | { ok: false; error: { code: ParseErrorCode; detail: string } };

// The size is checked on the undecoded bytes (or on the string's length, which bounds its UTF-8
// length from below) before any decoding or parsing, so an oversized frame costs O(1).
function frameText(raw: RawFrame, maxBytes: number): TextResult {
  if (typeof raw === "string") {
    if (raw.length > maxBytes) return tooLarge(maxBytes);
    if (utf8Length(raw, maxBytes) > maxBytes) return tooLarge(maxBytes);
    return { ok: true, value: raw };
  }
  let bytes: Uint8Array;
  if (raw instanceof Uint8Array) {
    if (raw.byteLength > maxBytes) return tooLarge(maxBytes);
    bytes = raw;
  } else if (raw instanceof ArrayBuffer) {
    if (raw.byteLength > maxBytes) return tooLarge(maxBytes);
    bytes = new Uint8Array(raw);
  } else {
    let total = 0;
    for (const part of raw) total += part.byteLength;
    if (total > maxBytes) return tooLarge(maxBytes);
    bytes = new Uint8Array(total);
    let offset = 0;
    for (const part of raw) {
      bytes.set(part, offset);
      offset += part.byteLength;
    }
  }
  try {
    return { ok: true, value: new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes) };
  } catch {
    return fail("malformed_json", "not valid UTF-8");
  }
}

// True when objects/arrays nest deeper than `max`, ignoring brackets inside strings. Malformed
// JSON is left to JSON.parse to describe.
function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

// UTF-8 length of a string, stopping early once it passes `limit`.
function utf8Length(text: string, limit: number): number {
  let bytes = 0;
  for (let i = 0; i < text.length && bytes <= limit; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

function describeIssues(type: string, issues: readonly z.core.$ZodIssue[]): string {
  const parts = issues.slice(0, MAX_ISSUES_IN_DETAIL).map((issue) => {
    const path = issue.path.map(String).join(".") || "(message)";
    return clip(`${path}: ${issue.message}`);
  });
  const more =
    issues.length > MAX_ISSUES_IN_DETAIL ? `; and ${issues.length - MAX_ISSUES_IN_DETAIL} more` : "";
  return `invalid ${type}: ${parts.join("; ")}${more}`;
}

function clip(text: string): string {
  return text.length > MAX_DETAIL_PART ? `${text.slice(0, MAX_DETAIL_PART)}…` : text;
}

function tooLarge(maxBytes: number): TextResult {
  return fail("too_large", `frame larger than ${maxBytes} bytes`);
}

function fail(
  code: ParseErrorCode,
  detail: string,
): { ok: false; error: { code: ParseErrorCode; detail: string } } {
  return { ok: false, error: { code, detail } };
}
