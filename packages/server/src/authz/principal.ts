import type { Role } from "@switchyard/db";
import type { LabelSelector } from "./label-selector.ts";

/** One grant as the authorizer sees it: role plus parsed selector (null = every host). */
export interface EffectiveGrant {
  role: Role;
  selector: LabelSelector | null;
  /** The stored selector text, for display and audit. */
  selectorText: string | null;
}

/** Who is calling. Tokens carry their own (subset) grants; sessions carry the user's. */
export type Principal =
  | {
      kind: "user";
      userId: string;
      username: string;
      sessionId: string;
      grants: EffectiveGrant[];
    }
  | {
      kind: "token";
      userId: string;
      username: string;
      tokenId: string;
      grants: EffectiveGrant[];
    };

/** Request facts the audit log records. */
export interface RequestMeta {
  requestId: string;
  sourceIp: string | null;
  userAgent: string | null;
}
