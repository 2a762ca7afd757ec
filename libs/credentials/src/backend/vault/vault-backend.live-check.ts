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
  kvMount: string;
  /** A KV v2 path the build role may read (the check writes a random value there first). */
  kvPath?: string;
  /** A KV v2 path the build role may not read. */
  kvForbiddenPath?: string;
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
      kvMount: settings.kvMount,
    });
    const kv = settings.kvPath ? await writeKvProbe(settings, settings.kvPath) : undefined;
    return {
      backend,
      jwt: settings.jwt,
      authRole: settings.authRole,
      authMount: settings.authMount,
      databaseRole: settings.databaseRole,
      awsRole: settings.awsRole,
      awsStsRole: settings.awsStsRole,
      ...(kv && { kv: { path: settings.kvPath!, data: kv, forbiddenPath: settings.kvForbiddenPath ?? `${settings.kvPath!}-tollgate-forbidden` } }),
      keyName: (label) => {
        const name = `tollgate-live-check-${run}-${label}`;
        created.push(name);
        return name;
      },
      close: () => deleteTransitKeys(settings, created),
    };
  },
  { aws: settings.awsRole !== undefined, sts: settings.awsStsRole !== undefined, revokePrefix: settings.revokePrefix === true, kv: settings.kvPath !== undefined },
);

/** A fresh random value at the KV path, so the read-back proves the build read this run's write. */
async function writeKvProbe(live: LiveVaultSettings, path: string): Promise<Record<string, string>> {
  const data = { probe: randomBytes(16).toString('hex') };
  const headers = { 'X-Vault-Token': live.token, 'Content-Type': 'application/json', ...(live.namespace ? { 'X-Vault-Namespace': live.namespace } : {}) };
  const res = await fetch(`${new URL(live.endpoint).origin}/v1/${live.kvMount}/data/${path}`, { method: 'POST', headers, body: JSON.stringify({ data }) });
  if (!res.ok) throw new Error(`writing the KV probe at ${live.kvMount}/data/${path} failed with HTTP ${res.status}`);
  return data;
}

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
