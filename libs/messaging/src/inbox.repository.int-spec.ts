import { createTestDataSource, type TestDataSource } from '@tollgate/testing';
import { claimInbox, inClaimedTransaction } from './inbox.repository';
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

describe(inClaimedTransaction.name, () => {
  let db: TestDataSource;
  beforeAll(async () => {
    db = await createTestDataSource({ entities: OUTBOX_ENTITIES, migrations: MESSAGING_MIGRATIONS });
    await db.dataSource.query(`CREATE TABLE claim_effect (event_id text PRIMARY KEY)`);
  });
  afterAll(() => db.destroy());

  const effects = async (): Promise<string[]> =>
    ((await db.dataSource.query(`SELECT event_id FROM claim_effect ORDER BY event_id`)) as { event_id: string }[]).map((r) => r.event_id);

  it('claims and commits with the effects, in a transaction TypeORM knows about', async () => {
    const claimed = await inClaimedTransaction(db.dataSource, 'view', ['t2', 't1', 't2'], async (m, ids) => {
      expect(m.queryRunner?.isTransactionActive).toBe(true);
      // The claim and this write are in one transaction: another session cannot see the inbox rows yet.
      const seen = (await db.dataSource.query(`SELECT count(*)::int AS n FROM inbox_record WHERE event_id IN ('t1', 't2')`)) as { n: number }[];
      expect(seen[0].n).toBe(0);
      await m.query(`INSERT INTO claim_effect (event_id) SELECT unnest($1::text[])`, [[...ids]]);
      return ids;
    });
    expect([...claimed].sort()).toEqual(['t1', 't2']);
    expect(await effects()).toEqual(['t1', 't2']);
    // A redelivery of t1 alongside a new t3: only t3 is claimed.
    const again = await inClaimedTransaction(db.dataSource, 'view', ['t1', 't3'], async (_m, ids) => ids);
    expect([...again]).toEqual(['t3']);
  });

  it('sends BEGIN with the claim: the batch costs three statements (BEGIN+claim, the work, COMMIT)', async () => {
    const sent: string[] = [];
    const logger = db.dataSource.logger;
    const spy = jest.spyOn(logger, 'logQuery').mockImplementation((sql: string) => void sent.push(sql));
    try {
      await inClaimedTransaction(db.dataSource, 'view', ['q1', 'q2'], (m) => m.query(`SELECT 1`));
    } finally {
      spy.mockRestore();
    }
    expect(sent).toEqual([expect.stringMatching(/^START TRANSACTION; INSERT INTO inbox_record .*'q1','q2'/), 'SELECT 1', 'COMMIT']);
  });

  it('claims a batch with a redelivered id in a second transaction, keeping nothing of the first', async () => {
    await inClaimedTransaction(db.dataSource, 'view', ['r1'], async (m, ids) => m.query(`INSERT INTO claim_effect (event_id) SELECT unnest($1::text[])`, [[...ids]]));
    const sent: string[] = [];
    const spy = jest.spyOn(db.dataSource.logger, 'logQuery').mockImplementation((sql: string) => void sent.push(sql));
    let claimed: Set<string>;
    try {
      claimed = await inClaimedTransaction(db.dataSource, 'view', ['r2', 'r1'], async (m, ids) => {
        await m.query(`INSERT INTO claim_effect (event_id) SELECT unnest($1::text[])`, [[...ids]]);
        return ids;
      });
    } finally {
      spy.mockRestore();
    }
    expect([...claimed]).toEqual(['r2']);
    expect(sent.slice(0, 4)).toEqual([
      expect.stringMatching(/^START TRANSACTION; INSERT INTO inbox_record .*'r1','r2'/),
      'ROLLBACK',
      'START TRANSACTION',
      expect.stringMatching(/ON CONFLICT DO NOTHING$/),
    ]);
    expect(sent.at(-1)).toBe('COMMIT');
    expect((await effects()).filter((id) => id.startsWith('r'))).toEqual(['r1', 'r2']);
    const rows = (await db.dataSource.query(`SELECT event_id FROM inbox_record WHERE consumer = 'view' AND event_id IN ('r1', 'r2') ORDER BY 1`)) as { event_id: string }[];
    expect(rows.map((r) => r.event_id)).toEqual(['r1', 'r2']);
  });

  it.each([
    ['commits', ['w3']],
    ['rolls back', ['w2', 'w3']],
  ])('waits for a concurrent claim of the same id, and claims what is still free once it %s', async (outcome, expected) => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let first!: Promise<unknown>;
    const held = new Promise<void>((claimedFirst) => {
      first = inClaimedTransaction(db.dataSource, 'view', ['w1', 'w2'], async () => {
        claimedFirst();
        await gate;
        if (outcome === 'rolls back') throw new Error('first handler failed');
      }).catch((error: Error) => error.message);
    });
    await held;
    const second = inClaimedTransaction(db.dataSource, 'view', ['w2', 'w3'], async (_m, ids) => [...ids].sort());
    // The second claim must be blocked on w2's row lock before the first finishes.
    for (;;) {
      const [{ n }] = (await db.dataSource.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%inbox_record%''w2'',''w3''%'`,
      )) as { n: number }[];
      if (n > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    release();
    await first;
    expect(await second).toEqual(expected);
    await db.dataSource.query(`DELETE FROM inbox_record WHERE event_id IN ('w1', 'w2', 'w3')`);
  });

  it('rolls back the claim and the effects when the work throws, so a retry claims again', async () => {
    await expect(
      inClaimedTransaction(db.dataSource, 'view', ['f1'], async (m) => {
        await m.query(`INSERT INTO claim_effect (event_id) VALUES ('f1')`);
        throw new Error('handler failed');
      }),
    ).rejects.toThrow('handler failed');
    expect(await effects()).not.toContain('f1');
    const retry = await inClaimedTransaction(db.dataSource, 'view', ['f1'], async (_m, ids) => ids);
    expect([...retry]).toEqual(['f1']);
  });

  it('inlines ids as literals safely: quotes, backslashes and SQL stay data', async () => {
    const nasty = [`it's`, `back\\slash`, `'); DROP TABLE inbox_record; --`, `ünïcödé`];
    const claimed = await inClaimedTransaction(db.dataSource, `con'sumer\\`, nasty, async (_m, ids) => ids);
    expect([...claimed].sort()).toEqual([...nasty].sort());
    const rows = (await db.dataSource.query(`SELECT event_id FROM inbox_record WHERE consumer = $1`, [`con'sumer\\`])) as { event_id: string }[];
    expect(rows.map((r) => r.event_id).sort()).toEqual([...nasty].sort());
  });

  it('fails and leaves nothing behind when an id cannot be stored (NUL), without running the work', async () => {
    const work = jest.fn(async () => undefined);
    await expect(inClaimedTransaction(db.dataSource, 'view', ['ok-1', 'bad\0id'], work)).rejects.toThrow();
    expect(work).not.toHaveBeenCalled();
    const again = await inClaimedTransaction(db.dataSource, 'view', ['ok-1'], async (_m, ids) => ids);
    expect([...again]).toEqual(['ok-1']);
  });

  it('sends nothing outside the transaction when a subscriber queries as it starts', async () => {
    const subscriber = {
      afterTransactionStart: async ({ queryRunner }: { queryRunner: { query(sql: string): Promise<unknown> } }) => {
        await queryRunner.query(`SET LOCAL application_name = 'claimed'`);
      },
    };
    db.dataSource.subscribers.push(subscriber);
    try {
      const name = await inClaimedTransaction(db.dataSource, 'view', ['s1'], async (m) => {
        const [row] = (await m.query(`SELECT current_setting('application_name') AS name`)) as { name: string }[];
        return row.name;
      });
      // SET LOCAL outside a transaction would have been a no-op with a warning.
      expect(name).toBe('claimed');
    } finally {
      db.dataSource.subscribers.splice(db.dataSource.subscribers.indexOf(subscriber), 1);
    }
  });
});
