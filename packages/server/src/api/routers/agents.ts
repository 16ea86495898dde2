import { z } from "zod";
import {
  createEnrollmentToken,
  listEnrollmentTokens,
  revokeEnrollmentToken,
} from "../../agents/enrollment-tokens.ts";
import { hostOfAgent, listAgents, revokeAgent } from "../../agents/manage-agents.ts";
import { disconnectAgent } from "../../gateway/registry.ts";
import { actorOf } from "../audit-actor.ts";
import { actionProcedure, hostsProcedure, router } from "../trpc.ts";

const labelKey = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._/-]{0,62}$/, "label keys are lower-case a-z, 0-9, '.', '_', '/', '-'");
const page = z
  .object({ cursor: z.iso.datetime().nullish(), limit: z.number().int().min(1).max(200).default(50) })
  .default({ limit: 50 });
const ok = z.object({ ok: z.literal(true) });

export const agentsRouter = router({
  /** A new enrollment token; the secret is returned once. */
  createEnrollmentToken: actionProcedure("agents.enroll")
    .input(
      z.object({
        name: z.string().trim().min(1, "name is required").max(64),
        /** Seconds until the token expires (default one hour, at most 7 days). */
        ttlSeconds: z
          .number()
          .int()
          .min(60)
          .max(7 * 86400)
          .default(3600),
        /** How many agents may enroll with it (default 1). */
        maxUses: z.number().int().min(1).max(1000).default(1),
        labels: z.record(labelKey, z.string().max(63)).default({}),
      }),
    )
    .output(z.object({ id: z.string(), token: z.string(), expiresAt: z.date() }))
    .mutation(({ ctx, input }) => createEnrollmentToken(ctx.deps.db, input, actorOf(ctx))),

  listEnrollmentTokens: actionProcedure("agents.enroll")
    .input(page)
    .query(({ ctx, input }) => listEnrollmentTokens(ctx.deps.db, input)),

  revokeEnrollmentToken: actionProcedure("agents.enroll")
    .input(z.object({ id: z.uuid() }))
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await revokeEnrollmentToken(ctx.deps.db, input.id, actorOf(ctx));
      return { ok: true as const };
    }),

  list: actionProcedure("agents.enroll")
    .input(page)
    .query(({ ctx, input }) => listAgents(ctx.deps.db, input)),

  /** Revokes an agent: its credential stops working and its socket closes at once. */
  revoke: hostsProcedure("agents.revoke", z.object({ agentId: z.uuid() }), async (input, deps) => [
    (await hostOfAgent(deps.db, input.agentId)) ?? `unknown-agent:${input.agentId}`,
  ])
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await revokeAgent(ctx.deps.db, input.agentId, actorOf(ctx), disconnectAgent);
      return { ok: true as const };
    }),
});
