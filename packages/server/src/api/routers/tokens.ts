import { z } from "zod";
import { createToken, listTokens, MAX_TOKEN_DAYS, revokeToken } from "../../tokens/manage-tokens.ts";
import { grantsInputSchema } from "../../users/schemas.ts";
import { actorOf } from "../audit-actor.ts";
import { actionProcedure, router } from "../trpc.ts";

const ok = z.object({ ok: z.literal(true) });
const tokenOutput = z.object({
  id: z.string(),
  name: z.string().nullable(),
  start: z.string().nullable(),
  ownerId: z.string(),
  ownerName: z.string().nullable(),
  createdAt: z.date(),
  expiresAt: z.date().nullable(),
  revoked: z.boolean(),
  grants: z.array(z.object({ role: z.string(), selector: z.string().nullable() })),
});
const page = z
  .object({ cursor: z.iso.datetime().nullish(), limit: z.number().int().min(1).max(200).default(50) })
  .default({ limit: 50 });
const createInput = z.object({
  name: z.string().trim().min(1, "name is required").max(32),
  grants: grantsInputSchema.min(1, "a token needs at least one grant"),
  /** Days until the token expires; null for no expiry. */
  expiresInDays: z.number().positive().max(MAX_TOKEN_DAYS).nullable().default(90),
});
const created = z.object({ id: z.string(), token: z.string(), expiresAt: z.date().nullable() });

export const tokensRouter = router({
  /** The caller's own tokens. */
  list: actionProcedure("tokens.manage")
    .input(page)
    .output(z.object({ items: z.array(tokenOutput), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => listTokens(ctx.deps.db, { ownerId: ctx.principal.userId }, input)),

  /** Everyone's tokens (admins). */
  listAll: actionProcedure("tokens.manage_all")
    .input(page)
    .output(z.object({ items: z.array(tokenOutput), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => listTokens(ctx.deps.db, {}, input)),

  /** A token for the caller, with a subset of the caller's grants. The secret is returned once. */
  create: actionProcedure("tokens.manage")
    .input(createInput)
    .output(created)
    .mutation(({ ctx, input }) =>
      createToken(ctx.deps, { ...input, ownerId: ctx.principal.userId }, actorOf(ctx)),
    ),

  /** A token for another user (admins), with a subset of that user's grants. */
  createFor: actionProcedure("tokens.manage_all")
    .input(createInput.extend({ userId: z.string().min(1).max(64) }))
    .output(created)
    .mutation(({ ctx, input }) => createToken(ctx.deps, { ...input, ownerId: input.userId }, actorOf(ctx))),

  /** Revokes one of the caller's own tokens. */
  revoke: actionProcedure("tokens.manage")
    .input(z.object({ tokenId: z.string().min(1).max(64) }))
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await revokeToken(ctx.deps.db, input.tokenId, ctx.principal.userId, actorOf(ctx));
      return { ok: true as const };
    }),

  /** Revokes anyone's token (admins). */
  revokeAny: actionProcedure("tokens.manage_all")
    .input(z.object({ tokenId: z.string().min(1).max(64) }))
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await revokeToken(ctx.deps.db, input.tokenId, null, actorOf(ctx));
      return { ok: true as const };
    }),
});
