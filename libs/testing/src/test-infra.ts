import { randomBytes } from 'node:crypto';
import { ensureDatabase } from '@tollgate/persistence';

/** The machine's shared nats-server (never restart it from a test). */
export function sharedNatsUrl(): string {
  return process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
}

let database: Promise<string> | undefined;

/** The test database URL; the database is created on first use if missing. */
export function testDatabaseUrl(): Promise<string> {
  database ??= (async () => {
    const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/tollgate_test';
    await ensureDatabase(url);
    return url;
  })();
  return database;
}

/** `<prefix>_<8 random chars>`, lower case: valid as a schema, stream or subject token. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${randomBytes(6).toString('base64url').toLowerCase().replace(/[^a-z0-9]/g, 'x').slice(0, 8)}`;
}
