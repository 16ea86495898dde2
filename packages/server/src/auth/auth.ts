// better-auth, used as a library: password hashing, sessions and API keys. Its HTTP
// handler is not mounted — every request enters through Switchyard's own tRPC routes, so
// CSRF checks, throttling, authorization and audit happen in one place.
import { apiKey } from "@better-auth/api-key";
import type { Db } from "@switchyard/db";
import * as schema from "@switchyard/db/schema";
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { admin, username } from "better-auth/plugins";

export interface AuthConfig {
  /** Public URL of the web app (cookies, Origin checks). */
  publicUrl: string;
  /** Secret that signs session cookies; generated per install, never a default. */
  secret: string;
  /** A session unused this long ends (idle timeout). */
  idleTimeoutSeconds: number;
}

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;
/** Prefix of every API token; lets secret scanners and people recognise one. */
export const TOKEN_PREFIX = "sy_";

export function createAuth(db: Db, config: AuthConfig) {
  const secure = config.publicUrl.startsWith("https://");
  return betterAuth({
    appName: "Switchyard",
    baseURL: config.publicUrl,
    secret: config.secret,
    database: drizzleAdapter(db, { provider: "pg", schema }),
    telemetry: { enabled: false },
    // Switchyard throttles sign-in itself, per account and per address, in the database.
    rateLimit: { enabled: false },
    emailAndPassword: {
      enabled: true,
      disableSignUp: true,
      minPasswordLength: PASSWORD_MIN_LENGTH,
      maxPasswordLength: PASSWORD_MAX_LENGTH,
      revokeSessionsOnPasswordReset: true,
    },
    session: {
      expiresIn: config.idleTimeoutSeconds,
      // Slide the idle expiry forward at most every 5 minutes of use.
      updateAge: Math.min(300, config.idleTimeoutSeconds),
      // No cookie cache: a revoked session must stop working on the next request.
      cookieCache: { enabled: false },
    },
    advanced: {
      cookiePrefix: "switchyard",
      useSecureCookies: secure,
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax", secure },
    },
    logger: {
      level: "error",
      // A refused token is an ordinary event (answered 401 and audited where it matters),
      // not a server error worth a stack trace in the log.
      log: (level, message, ...args) => {
        if (message.startsWith("Failed to validate API key")) return;
        console.error(`better-auth ${level}: ${message}`, ...args);
      },
    },
    plugins: [
      username({
        minUsernameLength: 3,
        maxUsernameLength: 32,
        // The same rule as users/schemas.ts (hyphens allowed, unlike the plugin's default).
        usernameValidator: (name) => /^[a-z0-9][a-z0-9._-]*$/.test(name),
      }),
      admin(),
      apiKey({
        enableMetadata: true,
        defaultPrefix: TOKEN_PREFIX,
        // Tokens are read from Authorization: Bearer by Switchyard's own code, never a URL.
        rateLimit: { enabled: false },
        keyExpiration: { defaultExpiresIn: null, minExpiresIn: 0, maxExpiresIn: 366 },
      }),
    ],
  });
}

export type Auth = ReturnType<typeof createAuth>;
