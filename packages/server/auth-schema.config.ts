// Used only by `pnpm --filter @switchyard/db auth:generate` to emit better-auth's drizzle
// tables; the plugin list must match packages/server/src/auth/auth.ts.
import { apiKey } from "@better-auth/api-key";
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { admin, username } from "better-auth/plugins";
import { drizzle } from "drizzle-orm/postgres-js";

export const auth = betterAuth({
  database: drizzleAdapter(drizzle.mock(), { provider: "pg" }),
  emailAndPassword: { enabled: true, disableSignUp: true },
  plugins: [username(), admin(), apiKey({ enableMetadata: true })],
});
