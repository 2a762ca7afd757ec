// Signing half of the broker benchmark: TransitKeyStore.sign (a metadata read
// in PostgreSQL, the unsealed key from memory, the signature) against raw
// crypto.sign with the same private key over the same ~1 KiB input, per key type.
// Rounds alternate raw and ours, so machine noise hits both; medians are reported.
import { createPrivateKey, createPublicKey, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { DataSource } from 'typeorm';
import { TransitKeyStore, type KeyEncryptionKey, type TransitKeyType } from '@tollgate/credentials';
// Deep import on purpose: opening a sealed row is a bench-only path, kept out of the lib's public API.
import { transitKeyAad } from '../../libs/credentials/src/backend/embedded/transit-key-store';

const KEY_TYPES: readonly TransitKeyType[] = ['ecdsa-p256', 'ed25519'];

export interface TransitSignFigures {
  keyType: TransitKeyType;
  oursPerSecond: number;
  rawPerSecond: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Bench-only: the clear private key of v1, opened from its row with the KEK,
 * so the baseline signs with exactly the key ours uses. The store itself
 * never hands a private key out.
 */
async function openForBaseline(dataSource: DataSource, kek: KeyEncryptionKey, name: string): Promise<KeyObject> {
  const [row] = (await dataSource.query('SELECT private_key_sealed FROM transit_key_version WHERE name = $1 AND version = 1', [name])) as {
    private_key_sealed: Buffer;
  }[];
  return createPrivateKey({ key: kek.open(row.private_key_sealed, transitKeyAad(name, 1)), format: 'der', type: 'pkcs8' });
}

/** Signatures per second of each, for each key type; the data source must have the transit key tables. */
export async function benchTransitSign(dataSource: DataSource, kek: KeyEncryptionKey, opts: { n: number; rounds: number }): Promise<TransitSignFigures[]> {
  const store = new TransitKeyStore(dataSource, kek);
  const input = randomBytes(1024);
  const figures: TransitSignFigures[] = [];
  for (const keyType of KEY_TYPES) {
    const name = `bench-${keyType}-${randomBytes(4).toString('hex')}`;
    await store.createKey(name, keyType);
    const privateKey = await openForBaseline(dataSource, kek, name);
    const hash = keyType === 'ed25519' ? null : 'sha256';
    const signRaw = () => sign(hash, input, { key: privateKey, dsaEncoding: 'der' });

    // Warm-up, and proof both sides sign with one key: the first call also unseals into the cache.
    const ours = await store.sign({ key: name, input });
    const oursBytes = Buffer.from(ours.signature.replace(/^vault:v\d+:/, ''), 'base64');
    if (!verify(hash, input, createPublicKey(privateKey), oursBytes)) throw new Error(`${keyType}: our signature does not verify with the baseline's key`);
    signRaw();

    const raw: number[] = [];
    const oursRates: number[] = [];
    for (let round = 0; round < opts.rounds; round++) {
      let start = performance.now();
      for (let i = 0; i < opts.n; i++) signRaw();
      raw.push(opts.n / ((performance.now() - start) / 1000));

      start = performance.now();
      for (let i = 0; i < opts.n; i++) await store.sign({ key: name, input });
      oursRates.push(opts.n / ((performance.now() - start) / 1000));
    }
    figures.push({ keyType, oursPerSecond: Math.round(median(oursRates)), rawPerSecond: Math.round(median(raw)) });
  }
  return figures;
}
