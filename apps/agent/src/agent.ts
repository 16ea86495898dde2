// `switchyard-agent run`: enrollment on first start, then the connection loop, the reporter and
// the change watchers, until SIGTERM/SIGINT (exit 0) or revocation / refused enrollment (exit 1).
import { PROTOCOL_VERSION } from "@switchyard/protocol";
import { backoffDelay } from "./backoff.ts";
import { collect } from "./collect.ts";
import { type CollectContext, hostTarget } from "./collectors/context.ts";
import { dockerClient } from "./collectors/docker.ts";
import { readText } from "./collectors/files.ts";
import { readBootId, reportedHostName } from "./collectors/host-facts.ts";
import { CommandHandler } from "./command-handler.ts";
import type { AgentConfig } from "./config.ts";
import { connectionLoop, type Session } from "./connection.ts";
import { ensureStateDir, readCredential, type StoredCredential, writeCredential } from "./credentials.ts";
import { agentSocketUrl, EnrollmentRefused, enroll } from "./enroll.ts";
import { CommandJournal } from "./journal.ts";
import { createLogger, type Logger } from "./log.ts";
import { Reporter } from "./reporter.ts";
import { ExecaRunner } from "./runner.ts";
import { sleep } from "./sleep.ts";
import { writeStatus } from "./status-file.ts";
import { AGENT_VERSION } from "./version.ts";
import { ChangeWatchers } from "./watchers.ts";

class Fatal extends Error {}

async function obtainCredential(
  config: AgentConfig & { server: string },
  log: Logger,
  signal: AbortSignal,
  setState: (state: string, detail: string) => void,
): Promise<StoredCredential | null> {
  const stored = await readCredential(config.stateDir);
  if (stored && stored.server === config.server) return stored;
  if (stored)
    log.warn("the stored credential was issued by another server; enrolling again", {
      stored: stored.server,
    });
  if (config.enrollmentToken === undefined) {
    throw new Fatal(
      `no credential in ${config.stateDir} and no enrollment token: pass --enrollment-token (or SWITCHYARD_AGENT_ENROLLMENT_TOKEN)`,
    );
  }
  const machineId = await readText("/etc/machine-id");
  let attempt = 0;
  let lastProblem = "";
  setState("enrolling", `enrolling with ${config.server}`);
  while (!signal.aborted) {
    try {
      const answer = await enroll({
        server: config.server,
        enrollmentToken: config.enrollmentToken,
        hostName: reportedHostName({ config }),
        machineId: machineId.available ? machineId.value.trim().slice(0, 64) : null,
        labels: config.labels,
      });
      const credential: StoredCredential = {
        server: config.server,
        hostId: answer.hostId,
        agentId: answer.agentId,
        credential: answer.credential,
      };
      await writeCredential(config.stateDir, credential);
      log.info("enrolled", { hostId: answer.hostId, agentId: answer.agentId });
      return credential;
    } catch (err) {
      if (err instanceof EnrollmentRefused) throw new Fatal(err.message);
      const problem =
        err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
      if (problem !== lastProblem) log.warn("enrollment failed; retrying with backoff", { problem });
      lastProblem = problem;
      await sleep(backoffDelay(attempt++, config.backoffBaseMs, config.backoffCapMs), signal);
    }
  }
  return null;
}

export async function runAgent(config: AgentConfig): Promise<number> {
  const log = createLogger(config.logLevel);
  const server = config.server;
  if (server === undefined) throw new Error("runAgent needs --server (checked by the config)");
  const abort = new AbortController();
  const stop = (signal: string) => {
    if (abort.signal.aborted) return;
    log.info(`${signal}: stopping`);
    abort.abort();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));

  await ensureStateDir(config.stateDir);
  let hostId: string | null = null;
  const setState = (state: string, detail: string) => {
    void writeStatus(config.stateDir, {
      pid: process.pid,
      state,
      detail,
      since: new Date().toISOString(),
      hostId,
    }).catch((err: unknown) => log.warn("cannot write status.json", { error: String(err) }));
  };

  let credential: StoredCredential | null;
  try {
    credential = await obtainCredential({ ...config, server }, log, abort.signal, setState);
  } catch (err) {
    if (!(err instanceof Fatal)) throw err;
    log.error(err.message);
    setState("failed", err.message);
    return 1;
  }
  if (credential === null) return 0;
  hostId = credential.hostId;

  const journal = await CommandJournal.open(config.stateDir);
  const ctx: CollectContext = {
    runner: new ExecaRunner(config.commandTimeoutMs, log),
    config,
    log,
    host: hostTarget(config),
    lab: config.netns !== undefined,
  };
  const docker = dockerClient(config.dockerSocket, config.commandTimeoutMs);
  let watchers: ChangeWatchers | null = null;
  const reporter = new Reporter(
    () => collect(ctx, docker),
    log,
    (c) => watchers?.setContainerNamespaces(c.containerNamespaces),
  );
  watchers = new ChangeWatchers({
    docker,
    host: ctx.host,
    debounceMs: config.debounceMs,
    maxNamespaceMonitors: config.maxNamespaceMonitors,
    log,
    onChange: () => void reporter.trigger(),
  });
  let current: Session | null = null;
  let interval: NodeJS.Timeout | undefined;
  const commands = new CommandHandler({
    journal,
    log,
    send: (m) => current?.send(m) ?? false,
    latestHash: () => reporter.latestHash(),
    collectNow: async () => {
      await reporter.trigger();
      return reporter.latestHash();
    },
  });
  const bootId = await readBootId();

  const outcome = await connectionLoop({
    url: agentSocketUrl(server),
    credential: credential.credential,
    log,
    backoffBaseMs: config.backoffBaseMs,
    backoffCapMs: config.backoffCapMs,
    signal: abort.signal,
    hello: async () => ({
      type: "hello",
      protocolVersion: PROTOCOL_VERSION,
      agentVersion: AGENT_VERSION,
      bootId,
      hostName: reportedHostName(ctx),
      labels: config.labels,
      inFlightCommandIds: journal.inFlight().slice(0, 1024),
    }),
    onWelcome: (session) => {
      current = session;
      if (session.welcome.hostId !== credential.hostId) {
        log.warn("the server welcomed this agent as another host id", { hostId: session.welcome.hostId });
      }
      void reporter.attach({ send: session.send, maxFrameBytes: session.welcome.maxFrameBytes });
      clearInterval(interval);
      interval = setInterval(() => void reporter.trigger(), session.welcome.reportIntervalMs);
    },
    onClose: () => {
      current = null;
      clearInterval(interval);
      reporter.detach();
    },
    onCommand: (command) => void commands.handle(command),
    onSnapshotRequest: () => void reporter.trigger(true),
    onState: setState,
  });
  clearInterval(interval);
  watchers.stop();
  if (outcome === "revoked") {
    const message =
      "this agent was revoked by an administrator: stopping. To add this host again, remove " +
      `${config.stateDir}/credential.json and start the agent with a new enrollment token.`;
    log.error(message);
    setState("revoked", message);
    return 1;
  }
  setState("stopped", "stopped by a signal");
  return 0;
}
