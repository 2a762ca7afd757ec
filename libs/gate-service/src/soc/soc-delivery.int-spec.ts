import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { verifyRequestSignature } from '@tollgate/event-client';
import { createTestDataSource, freePort, type TestDataSource } from '@tollgate/testing';
import { GATE_ENTITIES, GATE_MIGRATIONS } from '../persistence/gate.data-model';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deliverDueBreaches, loadSocCredentials, socRetryDelayMs } from './soc-delivery';

describe(deliverDueBreaches.name, () => {
  let db: TestDataSource;
  let server: Server;
  let url: string;
  const received: { id: string | undefined; body: unknown }[] = [];
  const seen: { headers: IncomingHttpHeaders; raw: Buffer }[] = [];
  let failFirst = 0;

  beforeAll(async () => {
    db = await createTestDataSource({ entities: GATE_ENTITIES, migrations: GATE_MIGRATIONS });
    const port = await freePort();
    server = createServer((req, res) => {
      let body = '';
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => {
        body += c.toString();
        chunks.push(c);
      });
      req.on('end', () => {
        seen.push({ headers: req.headers, raw: Buffer.concat(chunks) });
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

  it('signs each attempt with the HMAC key and sends the collector\'s Authorization, keeping neither anywhere', async () => {
    const signingSecret = randomBytes(32);
    const authorization = `Splunk ${randomBytes(16).toString('hex')}`;
    failFirst = 1;
    seen.length = 0;
    const finding = { class_uid: 2004, finding_info: { uid: 'breach-2', title: 'unsigned image' } };
    await db.dataSource.query(`INSERT INTO soc_delivery (breach_id, endpoint, payload) VALUES ('breach-2', $1, $2)`, [url, JSON.stringify(finding)]);

    expect(await deliverDueBreaches(db.dataSource, { credentials: { signingSecret, authorization } })).toBe(0);
    await due();
    expect(await deliverDueBreaches(db.dataSource, { credentials: { signingSecret, authorization } })).toBe(1);

    expect(seen).toHaveLength(2);
    for (const { headers, raw } of seen) {
      expect(headers['x-tollgate-source']).toBe('tollgate-policy-engine');
      expect(headers.authorization).toBe(authorization);
      expect(verifyRequestSignature({ secret: signingSecret, body: raw, header: headers['x-tollgate-signature'] as string, toleranceSeconds: 300 })).toMatchObject({ ok: true });
      expect(verifyRequestSignature({ secret: randomBytes(32), body: raw, header: headers['x-tollgate-signature'] as string, toleranceSeconds: 300 })).toEqual({ ok: false, reason: 'mismatch' });
    }
    // A retry is signed afresh, so a receiver's replay check does not refuse it.
    expect(seen[0].headers['x-tollgate-signature']).not.toBe(seen[1].headers['x-tollgate-signature']);
    const rows = JSON.stringify(await db.dataSource.query(`SELECT * FROM soc_delivery`));
    expect(rows).not.toContain(authorization.split(' ')[1]);
    expect(rows).not.toContain(signingSecret.toString('hex'));
  });

  it('sends neither header when no credentials are configured', async () => {
    seen.length = 0;
    await db.dataSource.query(`INSERT INTO soc_delivery (breach_id, endpoint, payload) VALUES ('breach-3', $1, '{}')`, [url]);
    expect(await deliverDueBreaches(db.dataSource)).toBe(1);
    expect(seen[0].headers['x-tollgate-signature']).toBeUndefined();
    expect(seen[0].headers.authorization).toBeUndefined();
  });

  it('waits longer after each failure, up to five minutes', () => {
    expect([1, 2, 3, 10, 20].map(socRetryDelayMs)).toEqual([1000, 2000, 4000, 300_000, 300_000]);
  });

  it('loads the credentials from files, and refuses an empty, unreadable or multi-line one without quoting it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tollgate-soc-'));
    try {
      const token = randomBytes(16).toString('hex');
      writeFileSync(join(dir, 'key'), 'k3y-material\n');
      writeFileSync(join(dir, 'auth'), `Bearer ${token}\n`);
      writeFileSync(join(dir, 'empty'), '  \n');
      writeFileSync(join(dir, 'two-lines'), `Bearer ${token}\nX-Other: 1`);
      expect(await loadSocCredentials({ signingSecretFile: join(dir, 'key'), authorizationFile: join(dir, 'auth') })).toEqual({ signingSecret: Buffer.from('k3y-material'), authorization: `Bearer ${token}` });
      expect(await loadSocCredentials({})).toEqual({});
      await expect(loadSocCredentials({ signingSecretFile: join(dir, 'empty') })).rejects.toThrow(`POLICY_SOC_SIGNING_SECRET_FILE: ${join(dir, 'empty')} is empty`);
      await expect(loadSocCredentials({ signingSecretFile: join(dir, 'missing') })).rejects.toThrow(/POLICY_SOC_SIGNING_SECRET_FILE: cannot read .*missing \(ENOENT\)/);
      const multi = await loadSocCredentials({ authorizationFile: join(dir, 'two-lines') }).catch((e: Error) => e);
      expect((multi as Error).message).toBe(`POLICY_SOC_AUTHORIZATION_FILE: ${join(dir, 'two-lines')} must hold one line`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
