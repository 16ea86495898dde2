// Switchyard's web process: one HTTP server for the Next.js app and the /agent WebSocket
// gateway. Opens the database and applies migrations before it listens; exits non-zero
// with a clear message when either fails (TOOLCHAIN gotcha 5: never serve 500s instead).
import { createServer } from "node:http";
import { join } from "node:path";
import { migrate, openDb } from "@switchyard/db";
import { createAgentGateway, ensureFirstAdmin, registerGateway } from "@switchyard/server";
import { REMOTE_ADDR_HEADER } from "@switchyard/server/api";
import next from "next";
import { env } from "./src/env.ts";
import { getDb } from "./src/server/db.ts";
import { getServerDeps } from "./src/server/deps.ts";
import { startLocalAgent } from "./src/server/local-agent.ts";

async function main(): Promise<void> {
  const dev = process.argv.includes("--dev");
  const config = env();

  const handle = await getDb();
  if (config.SWITCHYARD_MIGRATION_URL) {
    // Migrations as the schema owner; the app itself runs as the restricted role.
    const owner = await openDb({
      driver: "postgres",
      url: config.SWITCHYARD_MIGRATION_URL,
      maxConnections: 1,
    });
    try {
      await migrate(owner);
    } finally {
      await owner.close();
    }
  } else {
    await migrate(handle);
  }
  const where = handle.config.driver === "pglite" ? `PGlite at ${handle.config.dataDir}` : "PostgreSQL";
  console.log(`switchyard: database ready (${where})`);
  await ensureFirstAdmin(await getServerDeps(), {
    password: config.SWITCHYARD_ADMIN_PASSWORD,
    print: (line) => console.log(line),
  });

  const app = next({ dev, dir: import.meta.dirname, hostname: config.HOST, port: config.PORT });
  const handleRequest = app.getRequestHandler();
  await app.prepare();
  const nextUpgrade = dev ? app.getUpgradeHandler() : undefined;

  const gateway = createAgentGateway({ db: handle.db });
  registerGateway(gateway);
  const server = createServer((req, res) => {
    // The API records the peer address from this header; a client-sent one is dropped.
    // (Behind a reverse proxy, the proxy's address is what is seen.)
    req.headers[REMOTE_ADDR_HEADER] = req.socket.remoteAddress ?? "";
    handleRequest(req, res).catch((err: unknown) => {
      console.error("switchyard: request failed", err);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  server.on("upgrade", (req, socket, head) => {
    if (gateway.handleUpgrade(req, socket, head)) return;
    // In dev, HMR upgrades go to Next; in production unknown upgrades are closed
    // (Next's handler would leave them hanging, TOOLCHAIN gotcha 6).
    if (nextUpgrade) void nextUpgrade(req, socket, head);
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.PORT, config.HOST, resolve);
  });
  console.log(`switchyard: listening on http://${config.HOST}:${config.PORT}`);

  const localAgent =
    config.SWITCHYARD_LOCAL_AGENT === "1"
      ? await startLocalAgent(await getServerDeps(), {
          serverUrl: `http://127.0.0.1:${config.PORT}`,
          stateDir: join(config.stateDir, "agent"),
        })
      : null;
  if (localAgent) console.log(`switchyard: local agent started (pid ${localAgent.pid})`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`switchyard: ${signal}, shutting down`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    server.close();
    server.closeAllConnections();
    void (localAgent?.stop() ?? Promise.resolve())
      .then(() => gateway.close())
      .then(() => app.close())
      .then(() => handle.close())
      .then(() => process.exit(0));
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  console.error(`switchyard: failed to start: ${message}`);
  process.exit(1);
});
