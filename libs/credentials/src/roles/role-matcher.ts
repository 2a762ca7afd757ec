import type { JWTPayload } from 'jose';
import type { BrokerRole } from './broker-roles.schema';

export type RoleMatch = { role: BrokerRole } | { role?: undefined; reason: string };

/** Vault's glob: `*` matches any run of characters (slashes included); nothing else is special. */
function globMatches(pattern: string, value: string): boolean {
  const source = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${source}$`, 's').test(value);
}

function claimValues(claim: unknown): string[] | undefined {
  if (typeof claim === 'string') return [claim];
  if (typeof claim === 'number' || typeof claim === 'boolean') return [String(claim)];
  if (Array.isArray(claim) && claim.every((c) => typeof c === 'string')) return claim;
  return undefined;
}

/** Why this role does not take this token, or undefined when it does. Like Vault: every bound claim must match. */
export function roleMismatch(role: BrokerRole, claims: JWTPayload, pipelineRunId: string): string | undefined {
  const audiences = claimValues(claims.aud) ?? [];
  if (!role.bound_audiences.some((a) => audiences.includes(a))) return `audience not bound to role ${role.name}`;
  for (const [name, bound] of Object.entries(role.bound_claims)) {
    const allowed = Array.isArray(bound) ? bound : [bound];
    const values = claimValues(claims[name]);
    if (!values) return `claim "${name}" missing or not a string (role ${role.name})`;
    const ok = values.some((v) => allowed.some((a) => (role.bound_claims_type === 'glob' ? globMatches(a, v) : a === v)));
    if (!ok) return `claim "${name}" outside the bounds of role ${role.name}`;
  }
  if (role.run_id_claim && claims[role.run_id_claim] !== pipelineRunId) {
    return `claim "${role.run_id_claim}" does not name pipeline run ${pipelineRunId} (role ${role.name})`;
  }
  return undefined;
}

/**
 * The role the build asked for, if its token matches it. A build names its
 * role (as with Vault's JWT login), so two roles with overlapping bounds never
 * make the grant depend on declaration order.
 */
export function matchRole(roles: readonly BrokerRole[], issuer: string, claims: JWTPayload, requested: string, pipelineRunId: string): RoleMatch {
  const role = roles.find((r) => r.name === requested);
  if (!role) return { reason: `no role named ${requested}` };
  if (role.issuer !== issuer) return { reason: `role ${role.name} does not trust issuer ${issuer}` };
  const mismatch = roleMismatch(role, claims, pipelineRunId);
  return mismatch ? { reason: mismatch } : { role };
}
