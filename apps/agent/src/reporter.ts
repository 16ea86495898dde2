// Collections and reports: one collection at a time (a trigger during a collection runs one
// more afterwards, never a pile-up), and a report only when the snapshot's hash changed (see
// report-decision.ts). Reports go to the current connection; with none, triggers are dropped —
// the next connection starts with a full collection anyway.
import type { AgentToServer } from "@switchyard/protocol";
import type { Collection } from "./collect.ts";
import type { Logger } from "./log.ts";
import { decideReport, type Reported } from "./report-decision.ts";

export interface ReportSink {
  /** Sends one message; false when the socket is not open. */
  send(message: AgentToServer, text?: string): boolean;
  maxFrameBytes: number;
}

export class Reporter {
  private sink: ReportSink | null = null;
  private last: Reported | null = null;
  private latest: Reported | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private forceFull = false;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly collectFn: () => Promise<Collection>,
    private readonly log: Logger,
    private readonly onCollected: (c: Collection) => void = () => {},
  ) {}

  /** A new connection was welcomed: its first report is a full snapshot. */
  attach(sink: ReportSink): Promise<void> {
    this.sink = sink;
    this.last = null;
    return this.trigger(true);
  }

  detach(): void {
    this.sink = null;
    this.last = null;
    clearTimeout(this.retryTimer);
  }

  /** Hash of the newest collection (null before the first). */
  latestHash(): string | null {
    return this.latest?.hash ?? null;
  }

  /** Collect (now, or right after the running collection) and report if changed. Resolves when done. */
  trigger(forceFull = false): Promise<void> {
    if (forceFull) this.forceFull = true;
    if (this.sink === null) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.loop().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      await this.once();
    } while (this.again && this.sink !== null);
  }

  private async once(): Promise<void> {
    let collection: Collection;
    try {
      collection = await this.collectFn();
    } catch (err) {
      this.log.error("collection failed", { error: err instanceof Error ? err.message : String(err) });
      return;
    }
    this.latest = { snapshot: collection.snapshot, hash: collection.hash };
    this.onCollected(collection);
    if (collection.unsettled) {
      // A container restarted mid-collection: look again once it has settled.
      clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => void this.trigger(), 1_000);
    }
    const sink = this.sink;
    if (sink === null) return;
    const decision = decideReport(this.last, this.latest, {
      forceFull: this.forceFull,
      maxFrameBytes: sink.maxFrameBytes,
    });
    switch (decision.kind) {
      case "none":
        return;
      case "too_large":
        this.log.error("snapshot larger than the server's frame limit; not sent", {
          bytes: decision.bytes,
          maxFrameBytes: sink.maxFrameBytes,
        });
        return;
      case "full":
      case "delta":
        if (sink.send(decision.message, decision.text)) {
          this.last = this.latest;
          this.forceFull = false;
          this.log.debug(`sent ${decision.kind}`, {
            hash: collection.hash,
            bytes: decision.text.length,
            ms: collection.ms,
          });
        }
        return;
    }
  }
}
