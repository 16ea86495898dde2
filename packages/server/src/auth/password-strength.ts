// Minimum password strength: length bounds plus zxcvbn's guessability score, with the
// username and product name as known inputs (so "switchyard-admin-2026" scores low).
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary } from "@zxcvbn-ts/language-common";
import { AppError } from "../errors/app-error.ts";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "./auth.ts";

/**
 * zxcvbn score 0–4; 4 means "very unguessable" (≥ 10^10 guesses). Score 3 still lets
 * "switchyard-admin" through (10^8 guesses once the product and user names are known),
 * too weak for accounts that steer root-level network changes.
 */
export const MIN_PASSWORD_SCORE = 4;

let zxcvbn: ZxcvbnFactory | undefined;
function estimator(): ZxcvbnFactory {
  zxcvbn ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
  return zxcvbn;
}

/** Throws INVALID_INPUT on field "password" with the reason a person can act on. */
export function assertStrongPassword(password: string, userInputs: string[] = []): void {
  if (password.length < PASSWORD_MIN_LENGTH) {
    throw new AppError(
      "INVALID_INPUT",
      `password must be at least ${PASSWORD_MIN_LENGTH} characters`,
      "password",
    );
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    throw new AppError(
      "INVALID_INPUT",
      `password must be at most ${PASSWORD_MAX_LENGTH} characters`,
      "password",
    );
  }
  const result = estimator().check(password, ["switchyard", ...userInputs]);
  if (result.score < MIN_PASSWORD_SCORE) {
    const hint = result.feedback.warning ?? result.feedback.suggestions[0] ?? "add more unrelated words";
    throw new AppError("INVALID_INPUT", `password is too easy to guess: ${hint}`, "password");
  }
}
