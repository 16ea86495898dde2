import { z } from "zod";
import { assertStrongPassword } from "../../auth/password-strength.ts";
import { signIn, signOut } from "../../auth/sign-in.ts";
import { AppError } from "../../errors/app-error.ts";
import { setUserPassword } from "../../users/manage-users.ts";
import { passwordSchema, usernameSchema } from "../../users/schemas.ts";
import { actorOf } from "../audit-actor.ts";
import { authenticatedProcedure, publicProcedure, router } from "../trpc.ts";

const principalOutput = z.object({
  kind: z.enum(["user", "token"]),
  userId: z.string(),
  username: z.string(),
  grants: z.array(z.object({ role: z.string(), selector: z.string().nullable() })),
});

export const authRouter = router({
  /** Signs in with username and password; sets the session cookie. */
  signIn: publicProcedure
    .input(z.object({ username: usernameSchema, password: passwordSchema }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      const result = await signIn(ctx.deps, input, ctx.meta, ctx.reqHeaders, ctx.principal);
      for (const c of result.setCookies) ctx.resHeaders.append("set-cookie", c);
      return { ok: true as const };
    }),

  /** Ends the caller's session at once. */
  signOut: authenticatedProcedure.output(z.object({ ok: z.literal(true) })).mutation(async ({ ctx }) => {
    const cookies = await signOut(ctx.deps, ctx.principal, ctx.meta, ctx.reqHeaders);
    for (const c of cookies) ctx.resHeaders.append("set-cookie", c);
    return { ok: true as const };
  }),

  /** Who the caller is and which grants apply. */
  whoami: authenticatedProcedure.output(principalOutput).query(({ ctx }) => ({
    kind: ctx.principal.kind,
    userId: ctx.principal.userId,
    username: ctx.principal.username,
    grants: ctx.principal.grants.map((g) => ({ role: g.role, selector: g.selectorText })),
  })),

  /** Changes the caller's own password; all their sessions end, including this one. */
  changePassword: authenticatedProcedure
    .input(z.object({ currentPassword: passwordSchema, newPassword: passwordSchema }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      if (ctx.principal.kind !== "user") {
        throw new AppError("INVALID_INPUT", "sign in with a password to change it", "currentPassword");
      }
      assertStrongPassword(input.newPassword, [ctx.principal.username]);
      try {
        await ctx.deps.auth.api.verifyPassword({
          body: { password: input.currentPassword },
          headers: ctx.reqHeaders,
        });
      } catch {
        throw new AppError("INVALID_INPUT", "current password is wrong", "currentPassword");
      }
      await setUserPassword(ctx.deps, ctx.principal.userId, input.newPassword, actorOf(ctx));
      return { ok: true as const };
    }),
});
