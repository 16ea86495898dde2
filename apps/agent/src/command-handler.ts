// Commands from the server, one at a time in arrival order. This version implements only the
// read operations of the catalog (`noop`, `collect_now`); it changes nothing on the host.
// A command past its deadline is refused; a resent id is answered from the journal and not
// run again; every answer is journaled before it is sent.
import type { AgentToServer, CommandMessage, CommandStatus } from "@switchyard/protocol";
import type { CommandJournal } from "./journal.ts";
import type { Logger } from "./log.ts";

type CommandResult = Extract<AgentToServer, { type: "command_result" }>;

export interface CommandDeps {
  journal: Pick<CommandJournal, "get" | "started" | "finished">;
  log: Logger;
  send(message: AgentToServer): boolean;
  /** Hash of the newest collection. */
  latestHash(): string | null;
  /** Collects now and reports if changed; resolves with the new hash. */
  collectNow(): Promise<string | null>;
  now?: () => number;
}

export class CommandHandler {
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly deps: CommandDeps) {}

  /** Queues a command; answers are sent in order. Never throws. */
  handle(command: CommandMessage): Promise<void> {
    this.queue = this.queue.then(() =>
      this.run(command).catch((err: unknown) => {
        this.deps.log.error("command failed internally", {
          commandId: command.commandId,
          error: err instanceof Error ? err.message : String(err),
        });
      }),
    );
    return this.queue;
  }

  private result(
    command: CommandMessage,
    status: CommandStatus,
    hashes: { before: string | null; after: string | null },
    error: CommandResult["error"] = null,
  ): CommandResult {
    return {
      type: "command_result",
      commandId: command.commandId,
      status,
      steps: [],
      beforeHash: hashes.before,
      afterHash: hashes.after,
      error,
      finishedAt: new Date(this.now()).toISOString(),
    };
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  private async run(command: CommandMessage): Promise<void> {
    const { journal, log } = this.deps;
    const recorded = journal.get(command.commandId);
    if (recorded !== undefined && recorded !== "started") {
      // Answered before (the answer was lost with the link): the same answer, nothing runs again.
      this.deps.send(recorded);
      return;
    }
    const deadline = Date.parse(command.deadline);
    if (!(deadline > this.now())) {
      const refused = this.result(
        command,
        "refused",
        { before: null, after: null },
        {
          code: "deadline_passed",
          message: `received after its deadline ${command.deadline}`,
        },
      );
      await journal.finished(refused);
      this.deps.send(refused);
      log.info("command refused: deadline passed", {
        commandId: command.commandId,
        operation: command.operation,
      });
      return;
    }
    await journal.started(command.commandId);
    let result: CommandResult;
    switch (command.operation) {
      case "noop":
        result = this.result(command, "succeeded", { before: this.deps.latestHash(), after: null });
        break;
      case "collect_now": {
        const before = this.deps.latestHash();
        const after = await this.deps.collectNow();
        result = this.result(command, "succeeded", { before, after });
        break;
      }
    }
    await journal.finished(result);
    this.deps.send(result);
    log.info("command answered", {
      commandId: command.commandId,
      operation: command.operation,
      status: result.status,
    });
  }
}
