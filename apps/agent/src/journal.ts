// The durable command journal (<state-dir>/journal.jsonl): "started" before a command runs and
// its result after, each line synced to disk. A command id the server resends is answered from
// here instead of running twice; ids started but never finished are the `inFlightCommandIds` of
// the next hello. Bounded: on open it keeps the newest MAX_ENTRIES ids and rewrites the file.
import { open, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { CommandResultMessage } from "@switchyard/protocol";
import { z } from "zod";

const MAX_ENTRIES = 1000;

type CommandResult = z.infer<typeof CommandResultMessage>;

const JournalLine = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("started"), id: z.string(), at: z.string() }),
  z.object({ kind: z.literal("finished"), id: z.string(), result: CommandResultMessage }),
]);
type JournalLine = z.infer<typeof JournalLine>;

export class CommandJournal {
  private readonly entries = new Map<string, CommandResult | "started">();

  private constructor(private readonly file: string) {}

  /** Opens (and compacts) the journal in a state folder. Damaged lines are skipped. */
  static async open(stateDir: string): Promise<CommandJournal> {
    const journal = new CommandJournal(path.join(stateDir, "journal.jsonl"));
    let text = "";
    try {
      text = await readFile(journal.file, "utf8");
    } catch (err) {
      if (!(err instanceof Error && "code" in err && err.code === "ENOENT")) throw err;
    }
    for (const line of text.split("\n")) {
      if (line.trim() === "") continue;
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        continue; // a torn last line after a crash
      }
      const parsed = JournalLine.safeParse(json);
      if (!parsed.success) continue;
      const entry = parsed.data;
      journal.entries.delete(entry.id); // re-insert: Map order is recency
      journal.entries.set(entry.id, entry.kind === "started" ? "started" : entry.result);
    }
    while (journal.entries.size > MAX_ENTRIES) {
      const oldest = journal.entries.keys().next().value;
      if (oldest === undefined) break;
      journal.entries.delete(oldest);
    }
    await journal.rewrite();
    return journal;
  }

  /** The recorded result of a command, "started" when it never finished, undefined when unknown. */
  get(id: string): CommandResult | "started" | undefined {
    return this.entries.get(id);
  }

  /** Ids started and not finished (in flight when the agent or the link went down). */
  inFlight(): string[] {
    return [...this.entries].filter(([, v]) => v === "started").map(([id]) => id);
  }

  async started(id: string): Promise<void> {
    this.entries.set(id, "started");
    await this.append({ kind: "started", id, at: new Date().toISOString() });
  }

  async finished(result: CommandResult): Promise<void> {
    this.entries.delete(result.commandId);
    this.entries.set(result.commandId, result);
    await this.append({ kind: "finished", id: result.commandId, result });
  }

  private async append(line: JournalLine): Promise<void> {
    const handle = await open(this.file, "a", 0o600);
    try {
      await handle.write(`${JSON.stringify(line)}\n`);
      await handle.datasync();
    } finally {
      await handle.close();
    }
  }

  private async rewrite(): Promise<void> {
    const lines: string[] = [];
    for (const [id, value] of this.entries) {
      const line: JournalLine =
        value === "started"
          ? { kind: "started", id, at: new Date().toISOString() }
          : { kind: "finished", id, result: value };
      lines.push(JSON.stringify(line));
    }
    const tmp = `${this.file}.${process.pid}.tmp`;
    await writeFile(tmp, lines.length > 0 ? `${lines.join("\n")}\n` : "", { mode: 0o600 });
    await rename(tmp, this.file);
  }
}
