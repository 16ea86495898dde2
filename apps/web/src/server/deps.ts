// The process-wide services container (one per process, on globalThis like the db
// handle, because Next.js loads route bundles separately).
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createServerDeps, type ServerDeps } from "@switchyard/server";
import { type Env, env } from "../env.ts";
import { getDb } from "./db.ts";

const slot = Symbol.for("switchyard.web.deps");
type WithDeps = typeof globalThis & { [slot]?: Promise<ServerDeps> };

/** The configured secret, or one generated on first start and kept (mode 0600) in the data folder. */
function authSecret(e: Env): string {
  if (e.SWITCHYARD_AUTH_SECRET) return e.SWITCHYARD_AUTH_SECRET;
  const file = join(e.stateDir, "auth-secret");
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    mkdirSync(e.stateDir, { recursive: true });
    const secret = randomBytes(32).toString("base64url");
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
    return secret;
  }
}

export function getServerDeps(): Promise<ServerDeps> {
  const g = globalThis as WithDeps;
  g[slot] ??= getDb().then((handle) => {
    const e = env();
    return createServerDeps(handle.db, {
      publicUrl: e.publicUrl,
      secret: authSecret(e),
      idleTimeoutSeconds: e.SWITCHYARD_SESSION_IDLE_MINUTES * 60,
      absoluteTimeoutSeconds: e.SWITCHYARD_SESSION_ABSOLUTE_HOURS * 3600,
    });
  });
  return g[slot];
}
