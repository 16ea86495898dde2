// tRPC foundation: context, error mapping and the procedure factory. Every procedure is
// built here and declares its permission in `meta` (a test enumerates them); the
// permission is checked by authorize() before the handler runs.
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError, type z } from "zod";
import type { Action } from "../authz/actions.ts";
import { authorize, loadPermissions, scopeOf } from "../authz/authorize.ts";
import type { Principal, RequestMeta } from "../authz/principal.ts";
import type { ServerDeps } from "../deps.ts";
import { AppError, appErrorCodes } from "../errors/app-error.ts";

export interface ApiContext {
  deps: ServerDeps;
  principal: Principal | null;
  meta: RequestMeta;
  /** The incoming request's headers (better-auth reads cookies from them). */
  reqHeaders: Headers;
  /** Headers of the response, e.g. Set-Cookie from sign-in. */
  resHeaders: Headers;
}

/** What a procedure requires: nothing, any signed-in caller, or an action. */
export type Permission = "public" | "authenticated" | Action;
export interface ProcedureMeta {
  permission: Permission;
}

const t = initTRPC
  .context<ApiContext>()
  .meta<ProcedureMeta>()
  .create({
    // Dates and other non-JSON values survive the wire.
    transformer: superjson,
    errorFormatter({ shape, error }) {
      const cause = error.cause;
      const field =
        cause instanceof AppError
          ? (cause.field ?? null)
          : cause instanceof ZodError
            ? (cause.issues[0]?.path.join(".") ?? null)
            : null;
      // Unexpected errors keep their detail in the server log only.
      const message = error.code === "INTERNAL_SERVER_ERROR" ? "internal error" : shape.message;
      return {
        ...shape,
        message,
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          field,
          issues:
            cause instanceof ZodError
              ? cause.issues.map((i) => ({ path: i.path.join("."), message: i.message }))
              : null,
        },
      };
    },
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Turns AppError into the matching tRPC error; logs anything unexpected. */
const mapErrors = t.middleware(async ({ next, path }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof AppError) {
      throw new TRPCError({ code: appErrorCodes[cause.code], message: cause.message, cause });
    }
    if (result.error.code === "INTERNAL_SERVER_ERROR")
      console.error(`switchyard: ${path} failed`, result.error);
  }
  return result;
});

const base = t.procedure.use(mapErrors);

const requirePrincipal = t.middleware(({ ctx, next }) => {
  if (!ctx.principal) throw new AppError("UNAUTHENTICATED", "sign in or send a valid API token");
  return next({ ctx: { principal: ctx.principal } });
});

export const publicProcedure = base.meta({ permission: "public" });

/** Any signed-in caller, for their own session (whoami, sign-out, own password). */
export const authenticatedProcedure = base.meta({ permission: "authenticated" }).use(requirePrincipal);

/** An action that names no hosts: global actions, or "self" actions on own objects. */
export function actionProcedure(action: Action) {
  return base
    .meta({ permission: action })
    .use(requirePrincipal)
    .use(async ({ ctx, next }) => {
      await authorize({ db: ctx.deps.db, principal: ctx.principal, meta: ctx.meta }, action);
      return next();
    });
}

/** A list over hosts: the handler gets `scope`, the hosts the caller may see with `action`. */
export function scopedProcedure(action: Action) {
  return base
    .meta({ permission: action })
    .use(requirePrincipal)
    .use(async ({ ctx, next }) => {
      await authorize({ db: ctx.deps.db, principal: ctx.principal, meta: ctx.meta }, action);
      const scope = scopeOf(ctx.principal.grants, action, await loadPermissions(ctx.deps.db));
      return next({ ctx: { scope } });
    });
}

/**
 * An action on the hosts its input names; every one must be in the caller's scope.
 * `hostIdsOf` may look ids up (an agent id → its host); an id it cannot resolve is denied.
 */
export function hostsProcedure<S extends z.ZodType>(
  action: Action,
  input: S,
  hostIdsOf: (input: z.output<S>, deps: ServerDeps) => string[] | Promise<string[]>,
) {
  return base
    .meta({ permission: action })
    .use(requirePrincipal)
    .input(input)
    .use(async ({ ctx, input: parsed, next }) => {
      // tRPC types a generic schema's parsed input as unknown; it is S's output by construction.
      const hostIds = await hostIdsOf(parsed as z.output<S>, ctx.deps);
      await authorize({ db: ctx.deps.db, principal: ctx.principal, meta: ctx.meta }, action, hostIds);
      return next();
    });
}
