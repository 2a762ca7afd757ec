/**
 * A KV version 2 engine for the Vault contract server: versioned values, soft
 * deletion of the latest version, and read access per policy, in Vault's reply
 * shapes (`data.data`, `data.metadata`, no lease).
 */
import { VaultReply, type ContractToken } from './vault-contract-state';

interface KvVersion {
  data: Record<string, string>;
  created: string;
  deleted?: string;
}

export class ContractKv {
  private readonly secrets = new Map<string, KvVersion[]>();
  /** `<policy>\n<mount>/<path>`: which build policies may read which secret. */
  private readonly grants = new Set<string>();

  put(mount: string, path: string, data: Record<string, string>): number {
    const versions = this.secrets.get(`${mount}/${path}`) ?? [];
    versions.push({ data: { ...data }, created: new Date().toISOString() });
    this.secrets.set(`${mount}/${path}`, versions);
    return versions.length;
  }

  /** `vault kv delete`: soft-deletes the latest version. */
  deleteLatest(mount: string, path: string): void {
    const latest = this.secrets.get(`${mount}/${path}`)?.at(-1);
    if (latest) latest.deleted = new Date().toISOString();
  }

  grant(policy: string, mount: string, path: string): void {
    this.grants.add(`${policy}\n${mount}/${path}`);
  }

  /** `GET <mount>/data/<path>`. Admin tokens read anything; a build token needs a grant for one of its policies. */
  read(mount: string, path: string, caller: ContractToken): VaultReply {
    const key = `${mount}/${path}`;
    if (caller.kind === 'build' && !caller.policies.some((p) => this.grants.has(`${p}\n${key}`))) {
      return VaultReply.error(403, '1 error occurred:\n\t* permission denied\n\n');
    }
    const versions = this.secrets.get(key);
    if (!versions) return VaultReply.error(404);
    const latest = versions[versions.length - 1];
    const metadata = { created_time: latest.created, custom_metadata: null, deletion_time: latest.deleted ?? '', destroyed: false, version: versions.length };
    // Vault answers a deleted latest version with 404 and the metadata, data null.
    if (latest.deleted) return VaultReply.raw(404, { data: { data: null, metadata } });
    return VaultReply.data({ data: { ...latest.data }, metadata });
  }
}
