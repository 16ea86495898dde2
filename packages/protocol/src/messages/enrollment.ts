// The enrollment exchange (HTTP JSON bodies, before the agent has a credential): the agent
// presents an admin-issued enrollment token once and receives a per-agent credential bound to a
// host id. It stores the credential (mode 0600) and authenticates the WebSocket with it
// (Authorization header, never the URL) from then on.
import { z } from "zod";
import { HostId, Labels } from "../common.ts";

/** agent → server: "enroll me". */
export const EnrollRequest = z.object({
  /** Protocol version the agent speaks. */
  protocolVersion: z.int().positive(),
  /** The enrollment token an admin created (short TTL, limited uses; the server stores only its hash). */
  enrollmentToken: z.string().min(16).max(512),
  /** Host name the agent reports. */
  hostName: z.string().min(1).max(253),
  /** The agent's version. */
  agentVersion: z.string().min(1).max(64),
  /** /etc/machine-id when readable (informative; lab hosts share it), else null. */
  machineId: z.string().max(64).nullable(),
  /** Labels from the agent's config. */
  labels: Labels,
});
export type EnrollRequest = z.infer<typeof EnrollRequest>;

/** server → agent: the token was good; here is who you are. */
export const EnrollResponse = z.object({
  /** The host this agent now speaks for. */
  hostId: HostId,
  /** This agent's id (an agent can be revoked without forgetting the host). */
  agentId: HostId,
  /** The per-agent secret, shown once: the server keeps only its hash. */
  credential: z.string().min(32).max(512),
  /** Protocol version the server speaks. */
  protocolVersion: z.int().positive(),
});
export type EnrollResponse = z.infer<typeof EnrollResponse>;

/**
 * server → agent: refused. One identical answer for every reason (unknown, expired, used up or
 * revoked token), so a caller learns nothing about which tokens exist.
 */
export const EnrollRefused = z.object({
  /** Always "enrollment_refused". */
  error: z.literal("enrollment_refused"),
  /** Always the same sentence. */
  message: z.string().max(256),
});
export type EnrollRefused = z.infer<typeof EnrollRefused>;

/** The one message of EnrollRefused. */
export const ENROLL_REFUSED: EnrollRefused = {
  error: "enrollment_refused",
  message: "enrollment refused: the token is invalid, expired or used up",
};
