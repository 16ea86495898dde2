// The services container: built once per process from the database handle and config,
// shared by the tRPC API, the pages and (later) the gateway.
import type { Db } from "@switchyard/db";
import { type Auth, type AuthConfig, createAuth } from "./auth/auth.ts";
import type { SessionPolicy } from "./auth/resolve-principal.ts";
import { defaultThrottlePolicy, type ThrottlePolicy } from "./auth/throttle.ts";

export interface ServerConfig extends AuthConfig {
  absoluteTimeoutSeconds: number;
  throttle?: Partial<ThrottlePolicy>;
}

export interface ServerDeps {
  db: Db;
  auth: Auth;
  publicUrl: string;
  sessionPolicy: SessionPolicy;
  throttle: ThrottlePolicy;
}

export function createServerDeps(db: Db, config: ServerConfig): ServerDeps {
  return {
    db,
    auth: createAuth(db, config),
    publicUrl: config.publicUrl,
    sessionPolicy: { absoluteTimeoutSeconds: config.absoluteTimeoutSeconds },
    throttle: { ...defaultThrottlePolicy, ...config.throttle },
  };
}
