/**
 * The vault backend contract against a live Vault. Not a Jest test file by name
 * (testMatch skips `.live-check.ts`): `tools/vault-live-check.ts` validates the
 * environment and runs this file with its settings in TOLLGATE_VAULT_LIVE_CHECK.
 * Transit keys it creates get unique names and are deleted afterwards.
 */
import { randomBytes } from 'node:crypto';
import { VaultBackend } from './vault-backend';
import { describeVaultBackendContract } from './vault-backend.contract';

/** What the tool passes (JSON in TOLLGATE_VAULT_LIVE_CHECK). */
export interface LiveVaultSettings {
  endpoint: string;
  token: string;
  namespace?: string;
  jwt: string;
  authRole: string;
  authMount: string;
  databaseRole: string;
  awsRole?: string;
  awsStsRole?: string;
  /** The token has sudo on sys/leases/revoke-prefix for the database role's leases. */
  revokePrefix?: boolean;
  transitMount: string;
}

const settings = JSON.parse(process.env['TOLLGATE_VAULT_LIVE_CHECK'] ?? 'null') as LiveVaultSettings | null;
if (!settings) throw new Error('Run this through tools/vault-live-check.ts (TOLLGATE_VAULT_LIVE_CHECK is not set)');

describeVaultBackendContract(
  `live Vault at ${new URL(settings.endpoint).origin}`,
  async () => {
    const created: string[] = [];
    const run = randomBytes(4).toString('hex');
    const backend = new VaultBackend({
      endpoint: settings.endpoint,
      token: settings.token,
      namespace: settings.namespace,
      transitMount: settings.transitMount,
    });
    return {
      backend,
      jwt: settings.jwt,
      authRole: settings.authRole,
      authMount: settings.authMount,
      databaseRole: settings.databaseRole,
      awsRole: settings.awsRole,
      awsStsRole: settings.awsStsRole,
      keyName: (label) => {
        const name = `tollgate-live-check-${run}-${label}`;
        created.push(name);
        return name;
      },
      close: () => deleteTransitKeys(settings, created),
    };
  },
  { aws: settings.awsRole !== undefined, sts: settings.awsStsRole !== undefined, revokePrefix: settings.revokePrefix === true },
);

/** Transit keys refuse deletion until `deletion_allowed` is set on them. */
async function deleteTransitKeys(live: LiveVaultSettings, names: string[]): Promise<void> {
  const headers = { 'X-Vault-Token': live.token, 'Content-Type': 'application/json', ...(live.namespace ? { 'X-Vault-Namespace': live.namespace } : {}) };
  const base = `${new URL(live.endpoint).origin}/v1/${live.transitMount}/keys`;
  await Promise.allSettled(
    names.map(async (name) => {
      await fetch(`${base}/${name}/config`, { method: 'POST', headers, body: JSON.stringify({ deletion_allowed: true }) });
      await fetch(`${base}/${name}`, { method: 'DELETE', headers });
    }),
  );
}
