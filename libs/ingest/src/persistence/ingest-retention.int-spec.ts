import { createTestDataSource, type TestDataSource } from '@tollgate/testing';
import { INGEST_ENTITIES, INGEST_MIGRATIONS } from './ingest.data-model';
import { pruneIngestTables } from './ingest-retention';

describe(pruneIngestTables.name, () => {
  let db: TestDataSource;
  beforeAll(async () => {
    db = await createTestDataSource({ entities: INGEST_ENTITIES, migrations: INGEST_MIGRATIONS });
  });
  afterAll(() => db.destroy());

  it('forgets only what is past its window: expired signatures, old accepted ids and old inbox rows', async () => {
    const q = (sql: string, params: unknown[] = []) => db.dataSource.query(sql, params);
    await q(`INSERT INTO request_signature VALUES ('old', 'ci', now() - interval '1 minute'), ('live', 'ci', now() + interval '4 minutes')`);
    await q(`INSERT INTO accepted_event (event_id, source_id, type, pipeline_run_id, accepted_at)
             VALUES ('e-old', 'ci', 't', 'r', now() - interval '31 days'), ('e-new', 'ci', 't', 'r', now() - interval '29 days')`);
    await q(`INSERT INTO inbox_record (consumer, event_id, handled_at)
             VALUES ('view', 'e-old', now() - interval '31 days'), ('view', 'e-new', now()), ('other', 'e-old', now() - interval '31 days')`);

    expect(await pruneIngestTables(db.dataSource, { idempotencyDays: 30, consumers: ['view'] })).toEqual({ signatures: 1, accepted: 1, inbox: 1 });
    expect(await q('SELECT signature FROM request_signature')).toEqual([{ signature: 'live' }]);
    expect(await q('SELECT event_id FROM accepted_event')).toEqual([{ event_id: 'e-new' }]);
    expect(await q('SELECT consumer, event_id FROM inbox_record ORDER BY consumer')).toEqual([
      { consumer: 'other', event_id: 'e-old' },
      { consumer: 'view', event_id: 'e-new' },
    ]);
  });
});
