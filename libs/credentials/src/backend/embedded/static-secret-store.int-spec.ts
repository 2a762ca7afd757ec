import { randomBytes } from 'node:crypto';
import { createTestDataSource, type TestDataSource } from '@tollgate/testing';
import { BackendError, type BackendErrorKind } from '../secrets-backend';
import { CreateStaticSecretTable1765000000100 } from './create-static-secret-table.migration';
import { generateKeyEncryptionKey, loadKeyEncryptionKey } from './key-encryption-key';
import { StaticSecretStore } from './static-secret-store';

async function failureOf(work: Promise<unknown>): Promise<BackendError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof BackendError) return error;
    throw error;
  }
  throw new Error('expected a BackendError');
}

describe(StaticSecretStore.name, () => {
  let db: TestDataSource;
  let store: StaticSecretStore;
  let seq = 0;
  const path = (tag: string) => `git/${tag}-${++seq}`;
  const token = () => `glpat-${randomBytes(12).toString('hex')}`;
  const dump = async () => ((await db.dataSource.query(`SELECT s::text AS row FROM static_secret s`)) as { row: string }[]).map((r) => r.row).join('\n');

  beforeAll(async () => {
    db = await createTestDataSource({ entities: [], migrations: [CreateStaticSecretTable1765000000100] });
    store = new StaticSecretStore(db.dataSource, loadKeyEncryptionKey({ env: generateKeyEncryptionKey() }));
  });
  afterAll(() => db.destroy());

  it('stores versions and reads back the latest, with no value in the table except sealed', async () => {
    const at = path('pumps-firmware');
    const [first, second] = [token(), token()];
    expect(await store.put(at, { username: 'x-access-token', password: first })).toBe(1);
    expect(await store.put(at, { username: 'x-access-token', password: second })).toBe(2);

    expect(await store.read(at)).toEqual({ version: 2, data: { username: 'x-access-token', password: second } });
    const table = await dump();
    for (const value of [first, second, 'x-access-token']) expect(table).not.toContain(value);
    expect(table).not.toContain(Buffer.from(second).toString('hex'));
    expect((await store.list()).find((s) => s.path === at)).toMatchObject({ version: 2, fields: ['password', 'username'] });
  });

  it('refuses a sealed value moved onto another path, and opens nothing under another KEK', async () => {
    const [from, to] = [path('from'), path('to')];
    await store.put(from, { password: token() });
    await store.put(to, { password: token() });
    await db.dataSource.query(`UPDATE static_secret SET value_sealed = (SELECT value_sealed FROM static_secret WHERE path = $1), version = 1 WHERE path = $2`, [from, to]);
    const otherKek = new StaticSecretStore(db.dataSource, loadKeyEncryptionKey({ env: generateKeyEncryptionKey() }));
    await expect(otherKek.read(from)).rejects.toThrow(/wrong key-encryption key or tampered/);
    await expect(store.read(to)).rejects.toThrow(/wrong key-encryption key or tampered/);
  });

  it('answers not-found for nothing stored, and delete is idempotent', async () => {
    const at = path('gone');
    await store.put(at, { password: token() });
    expect(await store.delete(at)).toBe(true);
    expect(await store.delete(at)).toBe(false);
    expect((await failureOf(store.read(at))).kind).toBe<BackendErrorKind>('not-found');
  });

  it.each(['../etc/passwd', 'git//double', '/absolute', 'git/./x'])('refuses the path %j and stores nothing', async (bad) => {
    const before = await store.list();
    expect((await failureOf(store.put(bad, { password: 'p' }))).kind).toBe<BackendErrorKind>('invalid-request');
    expect(await store.list()).toEqual(before);
  });

  it('refuses empty secrets, bad field names and empty values, naming the field and never a value', async () => {
    const at = path('bad');
    const value = token();
    expect((await failureOf(store.put(at, {}))).message).toMatch(/at least one field/);
    expect((await failureOf(store.put(at, { 'pass word': value }))).message).toMatch(/field name "pass word"/);
    const empty = await failureOf(store.put(at, { password: '', username: value }));
    expect(empty.message).toMatch(/field password must be a non-empty string/);
    expect(empty.message).not.toContain(value);
    expect((await store.list()).some((s) => s.path === at)).toBe(false);
  });
});
