import { authRouter } from "./routers/auth.ts";
import { hostsRouter } from "./routers/hosts.ts";
import { tokensRouter } from "./routers/tokens.ts";
import { usersRouter } from "./routers/users.ts";
import { createCallerFactory, router } from "./trpc.ts";

export const appRouter = router({
  auth: authRouter,
  hosts: hostsRouter,
  users: usersRouter,
  tokens: tokensRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
