import type { DataSource } from 'typeorm';
import type { ReplayGuard } from '../auth/request-authenticator';

/** Replay cache in Postgres, so every gateway replica refuses a signature another one has seen. */
export class RequestSignatureRepository implements ReplayGuard {
  constructor(private readonly dataSource: DataSource) {}

  async firstUse(sourceId: string, signature: string, expiresAt: Date): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      'INSERT INTO request_signature (signature, source_id, expires_at) VALUES ($1, $2, $3) ON CONFLICT (signature) DO NOTHING RETURNING 1',
      [signature, sourceId, expiresAt],
    );
    return rows.length === 1;
  }

}
