import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CREDENTIALS_ENTITIES, CREDENTIALS_MIGRATIONS, CREDENTIALS_SCHEMA, loadKeyEncryptionKey, TransitKeyStore } from '@tollgate/credentials';
import { createDataSource } from '@tollgate/persistence';

const ROOT = resolve(__dirname, '..');
export const LOCAL_SIGNING_KEY = 'tollgate-signing';

/**
 * The local stack's trust policy for the gate: the broker's signing key pinned by its
 * public keys (the key is created here when the broker has not made it yet, exactly as
 * the broker would), the demo's Jenkins jobs as builders, the local repositories as sources.
 * An operator writes theirs by hand from `GET /v1/transit/keys/<key>` of their broker.
 */
export async function ensureLocalTrustPolicy(databaseUrl: string, kek: { file?: string; env?: string }): Promise<string> {
  const dataSource = createDataSource({ url: databaseUrl, schema: CREDENTIALS_SCHEMA, entities: CREDENTIALS_ENTITIES, migrations: CREDENTIALS_MIGRATIONS });
  await dataSource.initialize();
  try {
    const keys = new TransitKeyStore(dataSource, loadKeyEncryptionKey(kek));
    await keys.createKey(LOCAL_SIGNING_KEY, 'ecdsa-p256');
    // A key sealed under another KEK (.tollgate/ regenerated, the database kept) signs nothing: say so now.
    await keys.sign({ key: LOCAL_SIGNING_KEY, input: Buffer.from('tollgate local stack probe') }).catch((error: Error) => {
      throw new Error(
        `the broker's signing key in schema ${CREDENTIALS_SCHEMA} cannot be opened with this checkout's key-encryption key (${error.message}). ` +
          `Restore the .tollgate/secrets/broker.kek it was sealed with, or drop the local schemas (DROP SCHEMA ${CREDENTIALS_SCHEMA} CASCADE) to start over.`,
      );
    });
    const info = await keys.readKey(LOCAL_SIGNING_KEY);
    const file = join(ROOT, '.tollgate', 'trust-policy.json');
    writeFileSync(
      file,
      `${JSON.stringify(
        {
          keys: info.versions.map((v) => ({ name: LOCAL_SIGNING_KEY, version: v.version, status: 'active', publicKey: v.publicKeyPem })),
          predicateTypes: ['https://slsa.dev/provenance/v1', 'https://cyclonedx.org/bom'],
          provenance: { builderIds: ['https://ci.example.internal/job/pumps/*'], sources: [{ repository: `file://${join(ROOT, '.tollgate')}/*`, refs: ['refs/heads/main'] }] },
        },
        null,
        2,
      )}\n`,
    );
    return file;
  } finally {
    await dataSource.destroy();
  }
}
