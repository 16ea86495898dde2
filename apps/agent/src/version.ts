// The agent's own version, reported in `hello`, enrollment and every snapshot. Kept equal to
// apps/agent/package.json's "version" (a unit test checks it).
export const AGENT_VERSION = "0.1.0";
