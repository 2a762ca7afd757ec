import type { DataSource } from 'typeorm';
import { BackendError } from '../secrets-backend';
import type { KeyEncryptionKey } from './key-encryption-key';

/** The same path grammar the roles file accepts for `kv` secrets. */
const KV_PATH = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}(\/[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}){0,15}$/;
const FIELD = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const MAX_VALUE_BYTES = 64 * 1024;

/** Where a stored secret is, and what it holds, without its values. */
export interface StaticSecretInfo {
  path: string;
  version: number;
  fields: string[];
  updatedAt: Date;
}

/** Bound to path and version: a sealed value copied onto another row does not open. */
export function staticSecretAad(path: string, version: number): string {
  return `kv:${path}:v${version}`;
}

function invalid(message: string): BackendError {
  return new BackendError('invalid-request', message);
}

function assertPath(path: string): void {
  if (typeof path !== 'string' || !KV_PATH.test(path)) throw invalid(`a KV secret path is segments of A-Z a-z 0-9 _ . - separated by /, like git/pumps-firmware`);
}

/** Checks names and sizes; errors name the field, never a value. */
function assertData(data: Record<string, string>): void {
  const entries = Object.entries(data);
  if (entries.length === 0) throw invalid('a KV secret needs at least one field');
  for (const [field, value] of entries) {
    if (!FIELD.test(field)) throw invalid(`field name ${JSON.stringify(field.slice(0, 64))} must match ${FIELD.source}`);
    if (typeof value !== 'string' || value === '') throw invalid(`field ${field} must be a non-empty string`);
  }
  if (Buffer.byteLength(JSON.stringify(data)) > MAX_VALUE_BYTES) throw invalid(`a KV secret holds at most ${MAX_VALUE_BYTES} bytes`);
}

/**
 * Vault-KV-style static secrets kept in PostgreSQL, sealed with the
 * key-encryption key. Writing is an operator's step (tools/broker-secret.ts);
 * the broker only reads, for a build whose role lists the path.
 */
export class StaticSecretStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly kek: KeyEncryptionKey,
  ) {}

  /** Stores a new version of the secret at `path`; returns it. */
  async put(path: string, data: Record<string, string>): Promise<number> {
    assertPath(path);
    assertData(data);
    return this.dataSource.transaction(async (m) => {
      const [row] = (await m.query('SELECT version FROM static_secret WHERE path = $1 FOR UPDATE', [path])) as { version: number }[];
      const version = (row?.version ?? 0) + 1;
      const sealed = this.kek.seal(Buffer.from(JSON.stringify(data), 'utf8'), staticSecretAad(path, version));
      await m.query(
        `INSERT INTO static_secret (path, version, fields, value_sealed) VALUES ($1, $2, $3, $4)
         ON CONFLICT (path) DO UPDATE SET version = EXCLUDED.version, fields = EXCLUDED.fields, value_sealed = EXCLUDED.value_sealed, updated_at = now()`,
        [path, version, Object.keys(data).sort(), sealed],
      );
      return version;
    });
  }

  /** The secret's values and version; not-found when nothing is stored at `path`. */
  async read(path: string): Promise<{ version: number; data: Record<string, string> }> {
    assertPath(path);
    const [row] = (await this.dataSource.query('SELECT version, value_sealed FROM static_secret WHERE path = $1', [path])) as { version: number; value_sealed: Buffer }[];
    if (!row) throw new BackendError('not-found', `no KV secret at ${path}`);
    const plain = this.kek.open(row.value_sealed, staticSecretAad(path, row.version));
    return { version: row.version, data: JSON.parse(plain.toString('utf8')) as Record<string, string> };
  }

  /** Idempotent: deleting what is not there succeeds. */
  async delete(path: string): Promise<boolean> {
    assertPath(path);
    const [, count] = (await this.dataSource.query('DELETE FROM static_secret WHERE path = $1', [path])) as [unknown, number];
    return count > 0;
  }

  /** Paths, versions and field names; never a value. */
  async list(): Promise<StaticSecretInfo[]> {
    const rows = (await this.dataSource.query('SELECT path, version, fields, updated_at FROM static_secret ORDER BY path')) as {
      path: string;
      version: number;
      fields: string[];
      updated_at: Date;
    }[];
    return rows.map((r) => ({ path: r.path, version: r.version, fields: r.fields, updatedAt: r.updated_at }));
  }
}
