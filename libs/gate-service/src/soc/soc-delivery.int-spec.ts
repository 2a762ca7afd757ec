import { createServer, type Server } from 'node:http';
import { createTestDataSource, freePort, type TestDataSource } from '@tollgate/testing';
import { GATE_ENTITIES, GATE_MIGRATIONS } from '../persistence/gate.data-model';
import { deliverDueBreaches, socRetryDelayMs } from './soc-delivery';

describe(deliverDueBreaches.name, () => {
  let db: TestDataSource;
  let server: Server;
  let url: string;
  const received: { id: string | undefined; body: unknown }[] = [];
  let failFirst = 0;

  beforeAll(async () => {
    db = await createTestDataSource({ entities: GATE_ENTITIES, migrations: GATE_MIGRATIONS });
    const port = await freePort();
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        if (failFirst > 0) {
          failFirst--;
          res.writeHead(503).end();
          return;
        }
        received.push({ id: req.headers['x-tollgate-breach-id'] as string | undefined, body: JSON.parse(body) });
        res.writeHead(202).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${port}/ocsf`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await db.destroy();
  });

  const due = async () => (await db.dataSource.query(`UPDATE soc_delivery SET next_attempt_at = now() WHERE delivered_at IS NULL`)) as unknown;

  it('retries an endpoint that fails until it takes the breach, then never sends it again', async () => {
    failFirst = 2;
    const finding = { class_uid: 2004, finding_info: { uid: 'breach-1', title: 'public bucket' } };
    await db.dataSource.query(`INSERT INTO soc_delivery (breach_id, endpoint, payload) VALUES ('breach-1', $1, $2)`, [url, JSON.stringify(finding)]);

    expect(await deliverDueBreaches(db.dataSource)).toBe(0);
    const [afterFirst] = await db.dataSource.query(`SELECT attempts, last_error, next_attempt_at > now() AS later FROM soc_delivery`);
    expect(afterFirst).toEqual({ attempts: 1, last_error: 'HTTP 503', later: true });
    // Not due yet: nothing is sent.
    expect(await deliverDueBreaches(db.dataSource)).toBe(0);
    expect(received).toEqual([]);

    await due();
    expect(await deliverDueBreaches(db.dataSource)).toBe(0);
    await due();
    expect(await deliverDueBreaches(db.dataSource)).toBe(1);
    expect(received).toEqual([{ id: 'breach-1', body: finding }]);
    await due();
    expect(await deliverDueBreaches(db.dataSource)).toBe(0);
    expect(received).toHaveLength(1);
    const [row] = await db.dataSource.query(`SELECT attempts, delivered_at IS NOT NULL AS delivered FROM soc_delivery`);
    expect(row).toEqual({ attempts: 3, delivered: true });
  });

  it('waits longer after each failure, up to five minutes', () => {
    expect([1, 2, 3, 10, 20].map(socRetryDelayMs)).toEqual([1000, 2000, 4000, 300_000, 300_000]);
  });
});
