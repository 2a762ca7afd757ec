import { createTestDataSource, type TestDataSource } from '@tollgate/testing';
import { claimInbox } from './inbox.repository';
import { MESSAGING_MIGRATIONS, OUTBOX_ENTITIES } from './messaging.schema';

describe(claimInbox.name, () => {
  let db: TestDataSource;
  beforeAll(async () => {
    db = await createTestDataSource({ entities: OUTBOX_ENTITIES, migrations: MESSAGING_MIGRATIONS });
  });
  afterAll(() => db.destroy());

  it('claims every id of a fresh batch, and only the unseen ones when some were handled before', async () => {
    const first = await db.dataSource.transaction((m) => claimInbox(m, 'view', ['e1', 'e2', 'e3']));
    expect([...first].sort()).toEqual(['e1', 'e2', 'e3']);

    const second = await db.dataSource.transaction((m) => claimInbox(m, 'view', ['e2', 'e4', 'e3', 'e5', 'e4']));
    expect([...second].sort()).toEqual(['e4', 'e5']);

    // Another consumer's inbox is its own.
    const other = await db.dataSource.transaction((m) => claimInbox(m, 'audit', ['e1']));
    expect([...other]).toEqual(['e1']);
  });

  it('leaves nothing claimed when the transaction rolls back', async () => {
    await expect(
      db.dataSource.transaction(async (m) => {
        await claimInbox(m, 'view', ['r1']);
        throw new Error('handler failed');
      }),
    ).rejects.toThrow('handler failed');
    const again = await db.dataSource.transaction((m) => claimInbox(m, 'view', ['r1']));
    expect([...again]).toEqual(['r1']);
  });

  it('refuses to run outside a transaction', async () => {
    await expect(claimInbox(db.dataSource.manager, 'view', ['x'])).rejects.toThrow('claimInbox runs inside the transaction');
  });
});
