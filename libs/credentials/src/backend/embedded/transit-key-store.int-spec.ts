import { createPrivateKey, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { createTestDataSource, type TestDataSource } from '@tollgate/testing';
import type { TransitKeyInfo, TransitKeyType } from '../secrets-backend';
import { CreateTransitKeyTables1764000000200 } from './create-transit-key-tables.migration';
import { generateKeyEncryptionKey, loadKeyEncryptionKey, type KeyEncryptionKey } from './key-encryption-key';
import { TransitKeyStore, transitKeyAad } from './transit-key-store';

// What a DSSE signer hands over: the PAE of an in-toto statement.
const input = Buffer.from('DSSEv1 28 application/vnd.in-toto+json 42 {"_type":"https://in-toto.io/Statement/v1"}');

/** The signature bytes a DSSE envelope carries: the Vault string without `vault:v<N>:`. */
function signatureBytes(signature: string): Buffer {
  const match = /^vault:v\d+:(.+)$/.exec(signature);
  if (!match) throw new Error(`not a vault signature: ${signature}`);
  return Buffer.from(match[1], 'base64');
}

function publicKeyOf(info: TransitKeyInfo, version: number): KeyObject {
  const found = info.versions.find((v) => v.version === version);
  if (!found) throw new Error(`no public key for v${version}`);
  return createPublicKey(found.publicKeyPem);
}

describe(TransitKeyStore.name, () => {
  let db: TestDataSource;
  let kek: KeyEncryptionKey;
  let store: TransitKeyStore;
  let seq = 0;
  const q = <T>(sql: string, params: unknown[] = []) => db.dataSource.query(sql, params) as Promise<T>;
  const keyName = (tag: string) => `${tag}-${++seq}`;
  /** Every row of both tables as text, i.e. what a dump of the tables holds. */
  const dumpTables = () =>
    q<{ row: string }[]>(`SELECT k::text AS row FROM transit_key k UNION ALL SELECT v::text FROM transit_key_version v ORDER BY row`);

  beforeAll(async () => {
    db = await createTestDataSource({ entities: [], migrations: [CreateTransitKeyTables1764000000200] });
    kek = loadKeyEncryptionKey({ env: generateKeyEncryptionKey() });
    store = new TransitKeyStore(db.dataSource, kek);
  });
  afterAll(() => db.destroy());

  describe('#sign', () => {
    it.each<[TransitKeyType, string | null, string]>([
      ['ecdsa-p256', 'sha256', 'prime256v1'],
      ['ed25519', null, 'ed25519'],
    ])('makes %s signatures that plain node crypto verifies with the public key readKey publishes', async (type, nodeHash, curve) => {
      const name = keyName(type);
      await store.createKey(name, type);

      const signed = await store.sign({ key: name, input });
      const info = await store.readKey(name);

      expect(signed.keyVersion).toBe(1);
      expect(signed.signature).toMatch(/^vault:v1:[A-Za-z0-9+/]+={0,2}$/);
      const publicKey = publicKeyOf(info, 1);
      expect(publicKey.asymmetricKeyDetails?.namedCurve ?? publicKey.asymmetricKeyType).toBe(curve);
      expect(verify(nodeHash, input, publicKey, signatureBytes(signed.signature))).toBe(true);
      expect(verify(nodeHash, Buffer.from('something else'), publicKey, signatureBytes(signed.signature))).toBe(false);
      expect(await store.verify(name, input, signed.signature)).toBe(true);
    });

    it('hashes ECDSA input with the requested algorithm and signs in DER', async () => {
      const name = keyName('ecdsa-hashes');
      await store.createKey(name, 'ecdsa-p256');
      const publicKey = publicKeyOf(await store.readKey(name), 1);

      for (const [algorithm, nodeHash, otherAlgorithm] of [
        ['sha2-256', 'sha256', 'sha2-512'],
        ['sha2-384', 'sha384', 'sha2-256'],
        ['sha2-512', 'sha512', 'sha2-384'],
      ] as const) {
        const { signature } = await store.sign({ key: name, input, hashAlgorithm: algorithm });
        const der = signatureBytes(signature);
        expect(der[0]).toBe(0x30); // ASN.1 SEQUENCE { r, s }, not raw r‖s
        expect(verify(nodeHash, input, { key: publicKey, dsaEncoding: 'der' }, der)).toBe(true);
        expect(await store.verify(name, input, signature, algorithm)).toBe(true);
        expect(await store.verify(name, input, signature, otherAlgorithm)).toBe(false);
      }
    });

    it('signs the input itself with ed25519, whatever hash is asked for', async () => {
      const name = keyName('ed25519-hash');
      await store.createKey(name, 'ed25519');
      const { signature } = await store.sign({ key: name, input, hashAlgorithm: 'sha2-512' });
      expect(verify(null, input, publicKeyOf(await store.readKey(name), 1), signatureBytes(signature))).toBe(true);
      expect(await store.verify(name, input, signature, 'sha2-256')).toBe(true);
    });

    it('refuses unknown keys, hash algorithms and versions that do not exist', async () => {
      const name = keyName('refusals');
      await store.createKey(name, 'ecdsa-p256');
      await expect(store.sign({ key: 'no-such-key', input })).rejects.toMatchObject({ name: 'BackendError', kind: 'not-found' });
      await expect(store.sign({ key: name, input, hashAlgorithm: 'sha1' as never })).rejects.toMatchObject({ kind: 'invalid-request' });
      await expect(store.sign({ key: name, input, keyVersion: 2 })).rejects.toMatchObject({ kind: 'invalid-request' });
      await expect(store.sign({ key: name, input, keyVersion: 0 })).rejects.toMatchObject({ kind: 'invalid-request' });
    });
  });

  describe('#rotateKey', () => {
    it('signs with the new version while signatures of the old one still verify', async () => {
      const name = keyName('rotate');
      await store.createKey(name, 'ecdsa-p256');
      const before = await store.sign({ key: name, input });

      expect(await store.rotateKey(name)).toBe(2);
      const after = await store.sign({ key: name, input });
      const info = await store.readKey(name);

      expect(after).toEqual({ signature: expect.stringMatching(/^vault:v2:/), keyVersion: 2 });
      expect(info).toMatchObject({ latestVersion: 2, minDecryptionVersion: 1 });
      expect(info.versions.map((v) => v.version)).toEqual([1, 2]);
      expect(info.versions[0].publicKeyPem).not.toBe(info.versions[1].publicKeyPem);
      expect(await store.verify(name, input, before.signature)).toBe(true);
      expect(await store.verify(name, input, after.signature)).toBe(true);
      expect(verify('sha256', input, publicKeyOf(info, 1), signatureBytes(before.signature))).toBe(true);
      expect(verify('sha256', input, publicKeyOf(info, 2), signatureBytes(after.signature))).toBe(true);
      // Each version verifies only its own signatures.
      expect(verify('sha256', input, publicKeyOf(info, 2), signatureBytes(before.signature))).toBe(false);
      expect((await store.sign({ key: name, input, keyVersion: 1 })).signature).toMatch(/^vault:v1:/);
    });

    it('gives concurrent rotations distinct consecutive versions', async () => {
      const name = keyName('concurrent');
      await store.createKey(name, 'ed25519');

      const versions = await Promise.all(Array.from({ length: 5 }, () => store.rotateKey(name)));

      expect([...versions].sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6]);
      const info = await store.readKey(name);
      expect(info.latestVersion).toBe(6);
      expect(info.versions.map((v) => v.version)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(new Set(info.versions.map((v) => v.publicKeyPem)).size).toBe(6);
    });

    it('says not-found for an unknown key', async () => {
      await expect(store.rotateKey('no-such-key')).rejects.toMatchObject({ kind: 'not-found' });
    });
  });

  describe('#setMinDecryptionVersion', () => {
    it('retires older versions: their signatures stop verifying and they no longer sign', async () => {
      const name = keyName('retire');
      await store.createKey(name, 'ecdsa-p256');
      const v1 = await store.sign({ key: name, input });
      await store.rotateKey(name);
      const v2 = await store.sign({ key: name, input });

      await store.setMinDecryptionVersion(name, 2);

      expect(await store.verify(name, input, v1.signature)).toBe(false);
      expect(await store.verify(name, input, v2.signature)).toBe(true);
      await expect(store.sign({ key: name, input, keyVersion: 1 })).rejects.toMatchObject({ kind: 'invalid-request' });
      const info = await store.readKey(name);
      expect(info).toMatchObject({ latestVersion: 2, minDecryptionVersion: 2 });
      expect(info.versions.map((v) => v.version)).toEqual([2]);
    });

    it('cannot retire the latest version', async () => {
      const name = keyName('retire-all');
      await store.createKey(name, 'ed25519');
      await expect(store.setMinDecryptionVersion(name, 2)).rejects.toMatchObject({ kind: 'invalid-request' });
      expect((await store.readKey(name)).minDecryptionVersion).toBe(1);
    });
  });

  describe('#createKey', () => {
    it('is idempotent for the same type and refuses another type under the same name', async () => {
      const name = keyName('create');
      await store.createKey(name, 'ecdsa-p256');
      const first = await store.readKey(name);

      await store.createKey(name, 'ecdsa-p256');
      await expect(store.createKey(name, 'ed25519')).rejects.toMatchObject({ kind: 'invalid-request' });

      expect(await store.readKey(name)).toEqual(first);
      expect(first).toMatchObject({ name, type: 'ecdsa-p256', latestVersion: 1, minDecryptionVersion: 1 });
    });

    it('refuses names Vault would not accept', async () => {
      for (const name of ['', '-leading-dash', 'has/slash', 'a'.repeat(129)]) {
        await expect(store.createKey(name, 'ed25519')).rejects.toMatchObject({ kind: 'invalid-request' });
      }
      expect(await q('SELECT name FROM transit_key WHERE length(name) > 128 OR name !~ $1', ['^[a-zA-Z0-9][a-zA-Z0-9_.-]*$'])).toEqual([]);
    });
  });

  describe('#verify', () => {
    it('rejects a malformed signature string as a bad request and a wrong signature as invalid', async () => {
      const name = keyName('verify');
      await store.createKey(name, 'ecdsa-p256');
      const { signature } = await store.sign({ key: name, input });

      for (const malformed of ['', signature.replace('vault:', ''), signature.replace(':v1:', ':v0:'), `${signature}!`]) {
        await expect(store.verify(name, input, malformed)).rejects.toMatchObject({ kind: 'invalid-request' });
      }
      expect(await store.verify(name, Buffer.from('tampered'), signature)).toBe(false);
      expect(await store.verify(name, input, 'vault:v1:AAAA')).toBe(false);
      expect(await store.verify(name, input, signature.replace(':v1:', ':v7:'))).toBe(false);
      await expect(store.verify('no-such-key', input, signature)).rejects.toMatchObject({ kind: 'not-found' });
    });
  });

  describe('#readKey', () => {
    it('says not-found for an unknown key', async () => {
      await expect(store.readKey('no-such-key')).rejects.toMatchObject({ name: 'BackendError', kind: 'not-found' });
    });
  });

  describe('private keys at rest', () => {
    it('are stored only sealed: the clear key appears nowhere in the tables', async () => {
      const names = [keyName('at-rest-ec'), keyName('at-rest-ed')];
      await store.createKey(names[0], 'ecdsa-p256');
      await store.createKey(names[1], 'ed25519');
      await store.rotateKey(names[0]);
      const dump = (await dumpTables()).map((r) => r.row).join('\n');
      const rows = await q<{ name: string; version: number; private_key_sealed: Buffer }[]>(
        'SELECT name, version, private_key_sealed FROM transit_key_version WHERE name = ANY($1)',
        [names],
      );
      expect(rows).toHaveLength(3);

      for (const row of rows) {
        // The clear key, recovered here with the KEK only to know what to look for.
        const der = kek.open(row.private_key_sealed, transitKeyAad(row.name, row.version));
        const privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
        const info = await store.readKey(row.name);
        expect(createPublicKey(privateKey).export({ type: 'spki', format: 'pem' })).toBe(info.versions.find((v) => v.version === row.version)?.publicKeyPem);
        const pemBody = (privateKey.export({ type: 'pkcs8', format: 'pem' }) as string).split('\n')[1];
        const rawPrivate = privateKey.export({ format: 'jwk' }).d!;

        expect(row.private_key_sealed.includes(der)).toBe(false);
        for (const clear of [der.toString('hex'), der.toString('base64'), pemBody, 'PRIVATE KEY', Buffer.from(rawPrivate, 'base64url').toString('hex')]) {
          expect(dump).not.toContain(clear);
        }
      }
    });

    it('cannot be used by a store with another KEK, which says so and changes nothing', async () => {
      const name = keyName('other-kek');
      await store.createKey(name, 'ed25519');
      const before = await dumpTables();
      const otherKek = loadKeyEncryptionKey({ env: generateKeyEncryptionKey() });
      const stranger = new TransitKeyStore(db.dataSource, otherKek);
      const refusal = `private key of ${name} v1 could not be decrypted: wrong key-encryption key or tampered row`;

      await expect(stranger.sign({ key: name, input })).rejects.toThrow(refusal);
      await expect(stranger.rotateKey(name)).rejects.toThrow(refusal);

      expect(await dumpTables()).toEqual(before);
      expect(await store.verify(name, input, (await store.sign({ key: name, input })).signature)).toBe(true);
    });

    it('do not open when a sealed key is copied onto another version or key', async () => {
      const name = keyName('copied');
      const other = keyName('copied-other');
      await store.createKey(name, 'ecdsa-p256');
      await store.createKey(other, 'ecdsa-p256');
      await store.rotateKey(name);
      const copyFrom = `(SELECT private_key_sealed FROM transit_key_version WHERE name = $1 AND version = 1)`;
      await q(`UPDATE transit_key_version SET private_key_sealed = ${copyFrom} WHERE name = $1 AND version = 2`, [name]);
      await q(`UPDATE transit_key_version SET private_key_sealed = ${copyFrom} WHERE name = $2 AND version = 1`, [name, other]);
      // A fresh store, so nothing is already unsealed in memory.
      const reopened = new TransitKeyStore(db.dataSource, kek);

      await expect(reopened.sign({ key: name, input })).rejects.toThrow(`private key of ${name} v2 could not be decrypted: wrong key-encryption key or tampered row`);
      await expect(reopened.sign({ key: other, input })).rejects.toThrow(`private key of ${other} v1 could not be decrypted`);
      expect((await reopened.sign({ key: name, input, keyVersion: 1 })).keyVersion).toBe(1);
    });

    it('do not sign when the published public key was swapped for another', async () => {
      const name = keyName('swapped-public');
      const other = keyName('swapped-public-other');
      await store.createKey(name, 'ed25519');
      await store.createKey(other, 'ed25519');
      await q(`UPDATE transit_key_version SET public_key_pem = (SELECT public_key_pem FROM transit_key_version WHERE name = $2) WHERE name = $1`, [name, other]);

      await expect(new TransitKeyStore(db.dataSource, kek).sign({ key: name, input })).rejects.toThrow(
        `public key of ${name} v1 does not match its private key: tampered row`,
      );
    });
  });
});
