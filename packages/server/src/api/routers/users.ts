import { z } from "zod";
import {
  createUser,
  listUsers,
  setUserDisabled,
  setUserGrants,
  setUserPassword,
} from "../../users/manage-users.ts";
import { grantsInputSchema, passwordSchema, usernameSchema } from "../../users/schemas.ts";
import { actorOf } from "../audit-actor.ts";
import { actionProcedure, router } from "../trpc.ts";

const userId = z.string().min(1).max(64);
const ok = z.object({ ok: z.literal(true) });
const userOutput = z.object({
  id: z.string(),
  username: z.string(),
  disabled: z.boolean(),
  createdAt: z.date(),
  grants: z.array(z.object({ role: z.string(), selector: z.string().nullable() })),
});

export const usersRouter = router({
  list: actionProcedure("users.manage")
    .input(
      z
        .object({ cursor: z.string().max(64).nullish(), limit: z.number().int().min(1).max(200).default(50) })
        .default({ limit: 50 }),
    )
    .output(z.object({ items: z.array(userOutput), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => listUsers(ctx.deps.db, input)),

  create: actionProcedure("users.manage")
    .input(z.object({ username: usernameSchema, password: passwordSchema, grants: grantsInputSchema }))
    .output(z.object({ id: z.string() }))
    .mutation(({ ctx, input }) => createUser(ctx.deps, input, actorOf(ctx))),

  setDisabled: actionProcedure("users.manage")
    .input(z.object({ userId, disabled: z.boolean() }))
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await setUserDisabled(ctx.deps.db, input.userId, input.disabled, actorOf(ctx));
      return { ok: true as const };
    }),

  setGrants: actionProcedure("users.manage")
    .input(z.object({ userId, grants: grantsInputSchema }))
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await setUserGrants(ctx.deps.db, input.userId, input.grants, actorOf(ctx));
      return { ok: true as const };
    }),

  setPassword: actionProcedure("users.manage")
    .input(z.object({ userId, password: passwordSchema }))
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await setUserPassword(ctx.deps, input.userId, input.password, actorOf(ctx));
      return { ok: true as const };
    }),
});
