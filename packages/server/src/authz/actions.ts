// The catalogue of actions a permission can name. Which role holds which action is data
// (table role_permissions, seeded by migration 0002); the code only names actions.

export const actionScopes = {
  /** Read hosts, their snapshots and timelines (filtered to the grant's hosts). */
  "hosts.read": "hosts",
  /** Set host labels. */
  "hosts.label": "hosts",
  /** Read operations and their step logs. */
  "operations.read": "hosts",
  /** Plan a network operation on the named hosts. */
  "operations.plan": "hosts",
  /** Apply a planned operation on the named hosts. */
  "operations.apply": "hosts",
  /** Reconcile drift on the named hosts. */
  "operations.reconcile": "hosts",
  /** Create, change and delete policies. */
  "policies.write": "global",
  /** Create users, disable them, change their grants. */
  "users.manage": "global",
  /** Create and revoke one's own API tokens. */
  "tokens.manage": "self",
  /** List and revoke anyone's API tokens; create tokens for other users. */
  "tokens.manage_all": "global",
  /** Create enrollment tokens for agents. */
  "agents.enroll": "global",
  /** Revoke agents. */
  "agents.revoke": "hosts",
  /** Read the audit log (rows about the grant's hosts, or all with an unscoped grant). */
  "audit.read": "global",
  /** Export the audit log. */
  "audit.export": "global",
} as const;

export type Action = keyof typeof actionScopes;
/**
 * hosts: allowed per host, by the grant's selector; global: needs a grant without selector;
 * self: any grant holding the action (it only touches the caller's own objects).
 */
export type ActionScope = (typeof actionScopes)[Action];

export const actions = Object.keys(actionScopes) as Action[];

export function isAction(value: string): value is Action {
  return Object.hasOwn(actionScopes, value);
}
