// Sign-in and sign-out. Wrong password and unknown user get one answer; failures are
// throttled per account and per address; every attempt, lockout and sign-out is audited.
import { type Db, session as sessionTable } from "@switchyard/db";
import { eq } from "drizzle-orm";
import { recordAudit } from "../audit/record.ts";
import { auditActor } from "../audit-context.ts";
import type { Principal, RequestMeta } from "../authz/principal.ts";
import { AppError } from "../errors/app-error.ts";
import type { Auth } from "./auth.ts";
import {
  accountKey,
  addressKey,
  clearAccount,
  lockedKeys,
  recordFailure,
  type ThrottlePolicy,
} from "./throttle.ts";

export interface SignInDeps {
  db: Db;
  auth: Auth;
  throttle: ThrottlePolicy;
}

const INVALID = "invalid username or password";
const THROTTLED = "too many failed sign-ins; try again later";

/** The cookies to set on success. */
export interface SignInResult {
  userId: string;
  setCookies: string[];
}

export async function signIn(
  deps: SignInDeps,
  input: { username: string; password: string },
  meta: RequestMeta,
  requestHeaders: Headers,
  current: Principal | null,
): Promise<SignInResult> {
  const username = input.username.trim().toLowerCase();
  const attempt = {
    actorType: "user" as const,
    actorId: null,
    actorName: username,
    role: null,
    sourceIp: meta.sourceIp,
    userAgent: meta.userAgent,
    requestId: meta.requestId,
    action: "auth.sign_in",
    targetObjects: [`user:${username}`],
  };
  const keys = [accountKey(username), addressKey(meta.sourceIp)];
  const locked = await lockedKeys(deps.db, keys);
  if (locked.length > 0) {
    await recordAudit(deps.db, { ...attempt, outcome: "failed", error: "throttled", params: { locked } });
    throw new AppError("THROTTLED", THROTTLED);
  }

  let result: { headers: Headers; response: { user: { id: string } } };
  try {
    result = await deps.auth.api.signInUsername({
      body: { username, password: input.password },
      headers: requestHeaders,
      returnHeaders: true,
    });
  } catch {
    const newlyLocked = await recordFailure(
      deps.db,
      [
        { key: keys[0] ?? accountKey(username), max: deps.throttle.maxAccountFailures },
        { key: keys[1] ?? addressKey(meta.sourceIp), max: deps.throttle.maxAddressFailures },
      ],
      deps.throttle,
    );
    await recordAudit(deps.db, { ...attempt, outcome: "failed", error: INVALID });
    if (newlyLocked.length > 0) {
      await recordAudit(deps.db, {
        ...attempt,
        action: "auth.lockout",
        outcome: "succeeded",
        params: { keys: newlyLocked, lockSeconds: deps.throttle.lockSeconds },
      });
    }
    throw new AppError("UNAUTHENTICATED", INVALID);
  }

  const userId = result.response.user.id;
  await clearAccount(deps.db, username);
  // The session id rotates at sign-in: a session the request already carried ends here.
  if (current?.kind === "user") {
    await deps.db.delete(sessionTable).where(eq(sessionTable.id, current.sessionId));
  }
  await recordAudit(deps.db, {
    ...attempt,
    actorId: userId,
    outcome: "succeeded",
    targetObjects: [`user:${userId}`],
  });
  return { userId, setCookies: result.headers.getSetCookie() };
}

/** Ends the caller's session at once; returns the cookies that clear it in the browser. */
export async function signOut(
  deps: { db: Db; auth: Auth },
  principal: Principal,
  meta: RequestMeta,
  requestHeaders: Headers,
): Promise<string[]> {
  if (principal.kind === "token") {
    throw new AppError("INVALID_INPUT", "an API token has no session to end; revoke the token instead");
  }
  await deps.db.delete(sessionTable).where(eq(sessionTable.id, principal.sessionId));
  let cookies: string[] = [];
  try {
    const res = await deps.auth.api.signOut({ headers: requestHeaders, returnHeaders: true });
    cookies = res.headers.getSetCookie();
  } catch {
    // The session row is already gone; clearing the cookie is best effort.
  }
  await recordAudit(deps.db, {
    ...auditActor(principal, meta),
    action: "auth.sign_out",
    outcome: "succeeded",
    targetObjects: [`user:${principal.userId}`],
  });
  return cookies;
}
