// Change detection: the Docker events stream (containers and networks), `ip monitor` (links,
// addresses, routes) in the host's namespace and in each running container's, and
// `nft monitor ruleset` in the host's (iptables-nft rules), all debounced into one "something
// changed" callback. What changed is not parsed: the next collection and
// its hash decide whether anything is reported. Watchers restart themselves after a failure,
// with a delay, for as long as the agent runs.
import type Docker from "dockerode";
import { execa, type ResultPromise } from "execa";
import type { Logger } from "./log.ts";
import { ipMonitorArgv, type NsTarget, nftMonitorArgv } from "./ns-commands.ts";

const RESTART_DELAY_MS = 2_000;
/** A monitor that keeps dying (no nft, a namespace gone) is restarted at most this often. */
const MAX_RESTART_DELAY_MS = 60_000;

export class Debouncer {
  private timer: NodeJS.Timeout | undefined;
  constructor(
    private readonly delayMs: number,
    private readonly fire: () => void,
  ) {}
  poke(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(this.fire, this.delayMs);
  }
  cancel(): void {
    clearTimeout(this.timer);
  }
}

/** One long-running monitor command (`ip monitor`, `nft monitor`); every output chunk pokes the debouncer. */
class CommandMonitor {
  private child: ResultPromise | null = null;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private delayMs = RESTART_DELAY_MS;

  constructor(
    private readonly argv: readonly [string, ...string[]],
    private readonly onEvent: () => void,
    private readonly log: Logger,
  ) {
    this.start();
  }

  private start(): void {
    if (this.stopped) return;
    const [file, ...args] = this.argv;
    const startedAt = Date.now();
    // No timeout: a monitor runs until stopped. It is killed on stop, and dies with the agent
    // (execa's cleanup) or on its next write after the agent is gone (SIGPIPE).
    const child = execa(file, args, {
      shell: false,
      reject: false,
      buffer: false,
      stdin: "ignore",
      stderr: "ignore",
      extendEnv: false,
      env: { PATH: process.env.PATH ?? "/usr/sbin:/usr/bin:/sbin:/bin", LC_ALL: "C" },
    });
    this.child = child;
    child.stdout?.on("data", () => this.onEvent());
    void child.then((result) => {
      if (this.child !== child || this.stopped) return;
      this.child = null;
      // One that ran a while restarts soon; one that dies at once backs off.
      this.delayMs =
        Date.now() - startedAt > 30_000 ? RESTART_DELAY_MS : Math.min(this.delayMs * 2, MAX_RESTART_DELAY_MS);
      this.log.debug("monitor ended; restarting", {
        argv: this.argv,
        exitCode: result.exitCode,
        inMs: this.delayMs,
      });
      this.timer = setTimeout(() => this.start(), this.delayMs);
    });
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.child?.kill("SIGTERM");
    this.child = null;
  }
}

/** Docker's event stream, reopened after it ends or fails. */
class DockerEvents {
  private stopped = false;
  private stream: NodeJS.ReadableStream | null = null;
  private timer: NodeJS.Timeout | undefined;
  private failing = false;

  constructor(
    private readonly docker: Docker,
    private readonly onEvent: () => void,
    private readonly log: Logger,
  ) {
    void this.open();
  }

  private async open(): Promise<void> {
    if (this.stopped) return;
    try {
      const stream = await this.docker.getEvents({ filters: { type: ["container", "network"] } });
      if (this.stopped) {
        destroyStream(stream);
        return;
      }
      if (this.failing) this.log.info("docker events stream open again");
      this.failing = false;
      this.stream = stream;
      // Reopening may have missed events: treat it as a change.
      this.onEvent();
      stream.on("data", () => this.onEvent());
      const again = () => {
        if (this.stream !== stream) return;
        this.stream = null;
        this.retry();
      };
      stream.on("end", again);
      stream.on("error", again);
      stream.on("close", again);
    } catch (err) {
      if (!this.failing) {
        this.log.warn("docker events unavailable; relying on the report interval", {
          error: err instanceof Error ? err.message : String(err),
        });
      }
      this.failing = true;
      this.retry();
    }
  }

  private retry(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.open(), this.failing ? 10_000 : RESTART_DELAY_MS);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.stream) destroyStream(this.stream);
    this.stream = null;
  }
}

function destroyStream(stream: NodeJS.ReadableStream): void {
  // dockerode hands back an http.IncomingMessage; destroy() ends the request.
  if ("destroy" in stream && typeof stream.destroy === "function") stream.destroy();
}

export interface WatcherOptions {
  docker: Docker;
  host: NsTarget;
  debounceMs: number;
  maxNamespaceMonitors: number;
  log: Logger;
  onChange: () => void;
}

/** All watchers of one agent. */
export class ChangeWatchers {
  private readonly debouncer: Debouncer;
  private readonly hostMonitors: CommandMonitor[];
  private readonly events: DockerEvents;
  private readonly containerMonitors = new Map<string, CommandMonitor>();

  constructor(private readonly options: WatcherOptions) {
    this.debouncer = new Debouncer(options.debounceMs, options.onChange);
    const poke = () => this.debouncer.poke();
    this.hostMonitors = [
      new CommandMonitor(ipMonitorArgv(options.host), poke, options.log),
      new CommandMonitor(nftMonitorArgv(options.host), poke, options.log),
    ];
    this.events = new DockerEvents(options.docker, poke, options.log);
  }

  /**
   * Keeps one monitor per running container namespace (by SandboxKey), up to the limit:
   * changes made inside a container (a veth end moved in, an address added) never show in the
   * host's namespace.
   */
  setContainerNamespaces(containers: readonly { id: string; sandboxKey: string }[]): void {
    const wanted = new Map(
      containers
        .slice(0, this.options.maxNamespaceMonitors)
        .map((c) => [`${c.id} ${c.sandboxKey}`, c.sandboxKey]),
    );
    for (const [key, monitor] of this.containerMonitors) {
      if (!wanted.has(key)) {
        monitor.stop();
        this.containerMonitors.delete(key);
      }
    }
    for (const [key, path] of wanted) {
      if (!this.containerMonitors.has(key)) {
        this.containerMonitors.set(
          key,
          new CommandMonitor(
            ipMonitorArgv({ kind: "path", path }),
            () => this.debouncer.poke(),
            this.options.log,
          ),
        );
      }
    }
  }

  stop(): void {
    this.debouncer.cancel();
    for (const monitor of this.hostMonitors) monitor.stop();
    this.events.stop();
    for (const monitor of this.containerMonitors.values()) monitor.stop();
    this.containerMonitors.clear();
  }
}
