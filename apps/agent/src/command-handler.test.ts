import type { AgentToServer, CommandMessage } from "@switchyard/protocol";
import { describe, expect, it } from "vitest";
import { CommandHandler } from "./command-handler.ts";
import { createLogger } from "./log.ts";

type Result = Extract<AgentToServer, { type: "command_result" }>;
const NOW = Date.parse("2026-11-29T03:00:00.000Z");

function setup() {
  const entries = new Map<string, Result | "started">();
  const sent: AgentToServer[] = [];
  let collections = 0;
  const handler = new CommandHandler({
    journal: {
      get: (id) => entries.get(id),
      started: async (id) => {
        entries.set(id, "started");
      },
      finished: async (r) => {
        entries.set(r.commandId, r);
      },
    },
    log: createLogger("error", () => {}),
    send: (m) => {
      sent.push(m);
      return true;
    },
    latestHash: () => "a".repeat(64),
    collectNow: async () => {
      collections++;
      return "b".repeat(64);
    },
    now: () => NOW,
  });
  return { handler, entries, sent, collections: () => collections };
}

const command = (
  operation: "noop" | "collect_now",
  deadline: string,
  commandId = "cmd-1",
): CommandMessage => ({
  type: "command",
  commandId,
  planHash: "c".repeat(64),
  deadline,
  operation,
  params: {},
});

describe("commands (read-only catalog)", () => {
  it("noop before its deadline → succeeded with no steps, journaled before it is sent", async () => {
    const t = setup();
    await t.handler.handle(command("noop", "2026-11-29T03:01:00.000Z"));
    expect(t.sent).toEqual([
      expect.objectContaining({
        type: "command_result",
        commandId: "cmd-1",
        status: "succeeded",
        steps: [],
        error: null,
      }),
    ]);
    expect(t.entries.get("cmd-1")).toMatchObject({ status: "succeeded" });
  });

  it("collect_now collects and answers with the before and after hashes", async () => {
    const t = setup();
    await t.handler.handle(command("collect_now", "2026-11-29T03:01:00.000Z"));
    expect(t.collections()).toBe(1);
    expect(t.sent[0]).toMatchObject({
      status: "succeeded",
      beforeHash: "a".repeat(64),
      afterHash: "b".repeat(64),
    });
  });

  it("a command received after its deadline is refused (deadline_passed) and nothing runs", async () => {
    const t = setup();
    await t.handler.handle(command("collect_now", "2026-11-29T02:59:59.999Z"));
    expect(t.collections()).toBe(0);
    expect(t.sent[0]).toMatchObject({
      status: "refused",
      error: { code: "deadline_passed" },
      beforeHash: null,
    });
  });

  it("a resent id is answered from the journal and not run again", async () => {
    const t = setup();
    await t.handler.handle(command("collect_now", "2026-11-29T03:01:00.000Z"));
    await t.handler.handle(command("collect_now", "2026-11-29T03:01:00.000Z"));
    expect(t.collections()).toBe(1);
    expect(t.sent).toHaveLength(2);
    expect(t.sent[1]).toEqual(t.sent[0]);
  });
});
