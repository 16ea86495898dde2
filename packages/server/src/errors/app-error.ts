// Every error a service raises on purpose. One code, one meaning; the tRPC error
// formatter maps codes to transport codes. Driver errors and command output never reach
// the browser: they are logged and replaced by INTERNAL.

export const appErrorCodes = {
  /** No valid credential: no session, or an unknown, expired or revoked token — one answer for all. */
  UNAUTHENTICATED: "UNAUTHORIZED",
  /** Authenticated, but no grant allows this action on these hosts. */
  FORBIDDEN: "FORBIDDEN",
  /** Too many failed sign-ins for this account or source address. */
  THROTTLED: "TOO_MANY_REQUESTS",
  /** The input is well-formed but not acceptable (weak password, grant outside own grants…). */
  INVALID_INPUT: "BAD_REQUEST",
  /** The named object does not exist (or is outside the caller's scope). */
  NOT_FOUND: "NOT_FOUND",
  /** The object changed or already exists. */
  CONFLICT: "CONFLICT",
  /** Refused before processing: wrong content type, foreign Origin, credential in the URL. */
  REQUEST_REFUSED: "FORBIDDEN",
  /** Anything unexpected. */
  INTERNAL: "INTERNAL_SERVER_ERROR",
} as const;

export type AppErrorCode = keyof typeof appErrorCodes;

export class AppError extends Error {
  override readonly name = "AppError";
  constructor(
    readonly code: AppErrorCode,
    message: string,
    /** The input field at fault, when there is one. */
    readonly field?: string,
  ) {
    super(message);
  }
}
