// Agent secrets (enrollment tokens, per-agent credentials): 256 random bits, shown once,
// stored as SHA-256 — a high-entropy secret needs no salt or slow hash.
import { createHash, randomBytes } from "node:crypto";

export const ENROLLMENT_TOKEN_PREFIX = "syen_";
export const AGENT_CREDENTIAL_PREFIX = "syag_";

export function newSecret(prefix: string): string {
  return `${prefix}${randomBytes(32).toString("base64url")}`;
}

export function secretHash(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}
