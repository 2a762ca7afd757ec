import { createHash, randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { BackendError, type BackendSession, type WrapInfo } from '../secrets-backend';
import type { KeyEncryptionKey } from './key-encryption-key';

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/**
 * The embedded backend's bearer tokens, stored only as sha256 hashes: per-build
 * sessions (what a Vault client token is) and single-use wrapping tokens whose
 * payload is sealed with the key-encryption key until the one unwrap.
 */
export class EmbeddedTokens {
  constructor(
    private readonly dataSource: DataSource,
    private readonly kek: KeyEncryptionKey,
  ) {}

  async login(pipelineRunId: string, ttlSeconds: number): Promise<BackendSession> {
    const token = `tgs.${randomBytes(24).toString('base64url')}`;
    const accessor = randomBytes(12).toString('hex');
    const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
    await this.dataSource.query(`INSERT INTO embedded_session (accessor, token_sha256, pipeline_run_id, expires_at) VALUES ($1, $2, $3, $4)`, [
      accessor,
      sha256Hex(token),
      pipelineRunId,
      expiresAt,
    ]);
    return { token, accessor, expiresAt };
  }

  /** Like a Vault token check: a revoked or expired session may lease nothing. */
  async assertSessionActive(session: BackendSession): Promise<void> {
    const rows = (await this.dataSource.query(
      `SELECT 1 FROM embedded_session WHERE token_sha256 = $1 AND revoked_at IS NULL AND expires_at > now()`,
      [sha256Hex(session.token)],
    )) as unknown[];
    if (rows.length === 0) throw new BackendError('permission-denied', 'session token is revoked, expired or unknown');
  }

  async revokeSession(accessor: string): Promise<void> {
    await this.dataSource.query(`UPDATE embedded_session SET revoked_at = now() WHERE accessor = $1 AND revoked_at IS NULL`, [accessor]);
  }

  async wrap(data: Record<string, string>, ttlSeconds: number): Promise<WrapInfo> {
    const token = `tgw.${randomBytes(24).toString('base64url')}`;
    const accessor = randomBytes(12).toString('hex');
    const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
    const sealed = this.kek.seal(Buffer.from(JSON.stringify(data)), `wrap:${accessor}`);
    await this.dataSource.query(
      `INSERT INTO embedded_wrapping_token (token_sha256, accessor, sealed_payload, expires_at) VALUES ($1, $2, $3, $4)`,
      [sha256Hex(token), accessor, sealed, expiresAt],
    );
    return { token, accessor, ttlSeconds, expiresAt };
  }

  /** One use: the row is claimed and its payload erased in the same statement. */
  async unwrap(token: string): Promise<Record<string, string>> {
    const hash = sha256Hex(token);
    const claimed = (await this.dataSource.query(
      `UPDATE embedded_wrapping_token w SET used_at = now(), sealed_payload = NULL
         FROM (SELECT token_sha256, sealed_payload FROM embedded_wrapping_token WHERE token_sha256 = $1 FOR UPDATE) old
        WHERE w.token_sha256 = old.token_sha256 AND w.used_at IS NULL AND w.expires_at > now()
        RETURNING w.accessor, old.sealed_payload`,
      [hash],
    )) as [{ accessor: string; sealed_payload: Buffer }[], number];
    const row = claimed[0][0];
    if (row) return JSON.parse(this.kek.open(row.sealed_payload, `wrap:${row.accessor}`).toString('utf8')) as Record<string, string>;
    const known = (await this.dataSource.query(`SELECT used_at FROM embedded_wrapping_token WHERE token_sha256 = $1`, [hash])) as { used_at: Date | null }[];
    if (known[0]?.used_at) throw new BackendError('wrapping-token-reused', 'wrapping token was already unwrapped');
    throw new BackendError('wrapping-token-invalid', known[0] ? 'wrapping token expired' : 'wrapping token is not valid or does not exist');
  }
}
