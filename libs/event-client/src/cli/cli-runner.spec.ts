import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { verifyPassword } from '../password-hash';
import { SIGNATURE_HEADER, SOURCE_HEADER, verifyRequestSignature } from '../request-signature';
import { type RecordedRequest, type ScriptedGateway, type ScriptedResponse, closedPort, startScriptedGateway } from '../testing/scripted-gateway';
import { run } from './cli-runner';

const CONTENT = JSON.stringify({ pipelineName: 'payments-api', uri: 'https://ci.example.internal/job/payments-api/42/' });

interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

describe(run.name, () => {
  let dir: string;
  let secret: string;
  let secretFile: string;
  let gateway: ScriptedGateway | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tollgate-cli-'));
  });

  beforeEach(async () => {
    secret = randomBytes(24).toString('base64url');
    secretFile = join(dir, 'hmac-secret');
    await writeFile(secretFile, `${secret}\n`, { mode: 0o600 });
  });

  afterEach(async () => {
    await gateway?.close();
    gateway = undefined;
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function tollgate(argv: string[], opts: { env?: Record<string, string>; stdin?: string[] } = {}): Promise<Captured> {
    let stdout = '';
    let stderr = '';
    const code = await run(
      argv,
      {
        stdout: { write: (s: string) => (stdout += s) },
        stderr: { write: (s: string) => (stderr += s) },
        stdin: Readable.from(opts.stdin ?? []),
        env: opts.env ?? {},
      },
      { sleep: async () => undefined },
    );
    return { code, stdout, stderr };
  }

  // A gateway that checks the signature like the real one, then answers from `next`.
  async function verifyingGateway(next: (req: RecordedRequest) => ScriptedResponse): Promise<ScriptedGateway> {
    gateway = await startScriptedGateway((req) => {
      const check = verifyRequestSignature({ secret, body: req.body, header: req.headers[SIGNATURE_HEADER] as string | undefined, toleranceSeconds: 300 });
      if (!check.ok || req.headers[SOURCE_HEADER] !== 'jenkins-prod') {
        return { status: 401, body: { error: { code: 'UNAUTHENTICATED', message: `signature ${check.ok ? 'ok' : check.reason}` } } };
      }
      return next(req);
    });
    return gateway;
  }

  const acceptOnce = (req: RecordedRequest): ScriptedResponse => ({
    status: 202,
    body: { id: (JSON.parse(req.body.toString('utf8')) as { id: string }).id, duplicate: false },
  });

  function send(url: string, extra: string[] = []): string[] {
    return [
      'event', 'send',
      '--type', 'pipelinerun.started',
      '--run-id', 'jenkins/payments-api/42',
      '--subject-id', 'payments-api-42',
      '--content', CONTENT,
      '--url', url,
      '--source-id', 'jenkins-prod',
      '--secret-file', secretFile,
      ...extra,
    ];
  }

  describe('event send', () => {
    it('prints "accepted <id>" and exits 0 when the gateway accepts the signed event', async () => {
      const { url } = await verifyingGateway(acceptOnce);

      const out = await tollgate(send(url, ['--id', 'evt-42']));

      expect(out).toEqual({ code: 0, stdout: 'accepted evt-42\n', stderr: '' });
      expect(gateway!.requests).toHaveLength(1);
      expect(JSON.parse(gateway!.requests[0].body.toString('utf8'))).toMatchObject({ id: 'evt-42', source: '/ci/tollgate-cli', pipelinerunid: 'jenkins/payments-api/42' });
    });

    it('prints "duplicate <id>" when the gateway already has the event', async () => {
      const { url } = await verifyingGateway(() => ({ status: 200, body: { id: 'evt-42', duplicate: true } }));
      await expect(tollgate(send(url, ['--id', 'evt-42']))).resolves.toEqual({ code: 0, stdout: 'duplicate evt-42\n', stderr: '' });
    });

    it('takes the URL, source id and secret file from the environment', async () => {
      const { url } = await verifyingGateway(acceptOnce);
      const argv = ['event', 'send', '--type', 'pipelinerun.started', '--run-id', 'r-1', '--subject-id', 's-1', '--content', CONTENT, '--id', 'evt-env'];
      const env = { TOLLGATE_URL: url, TOLLGATE_SOURCE_ID: 'jenkins-prod', TOLLGATE_HMAC_SECRET_FILE: secretFile };

      await expect(tollgate(argv, { env })).resolves.toEqual({ code: 0, stdout: 'accepted evt-env\n', stderr: '' });
    });

    it('says why it pauses while retrying, then succeeds with the same event id', async () => {
      let calls = 0;
      const { url } = await verifyingGateway((req) => (++calls === 1 ? { status: 503 } : acceptOnce(req)));

      const out = await tollgate(send(url, ['--id', 'evt-retry']));

      expect(out.code).toBe(0);
      expect(out.stdout).toBe('accepted evt-retry\n');
      expect(out.stderr).toMatch(/^tollgate: 503 Service Unavailable; retrying in \d+\.\ds \(attempt 2 of 6\)\n$/);
    });

    it('exits 2 with the usage when --type is missing, and sends nothing', async () => {
      const { url } = await verifyingGateway(acceptOnce);
      const argv = send(url).filter((a, i, all) => a !== '--type' && all[i - 1] !== '--type');

      const out = await tollgate(argv);

      expect(out.code).toBe(2);
      expect(out.stdout).toBe('');
      expect(out.stderr).toMatch(/^tollgate: missing --type\n\nUsage: tollgate event send --type <key>/);
      expect(gateway!.requests).toHaveLength(0);
    });

    it('exits 2 with the JSON parse error for bad --content, and sends nothing', async () => {
      const { url } = await verifyingGateway(acceptOnce);

      const out = await tollgate(send(url).map((a) => (a === CONTENT ? '{"pipelineName":' : a)));

      expect(out.code).toBe(2);
      expect(out.stderr).toMatch(/^tollgate: --content is not valid JSON: .+\n$/);
      expect(gateway!.requests).toHaveLength(0);
    });

    it('exits 2 listing each contract violation, and sends nothing', async () => {
      const { url } = await verifyingGateway(acceptOnce);
      const argv = send(url).map((a) => (a === CONTENT ? '{"pipelineName":"p","uri":"not a uri"}' : a));

      const out = await tollgate(argv);

      expect(out.code).toBe(2);
      expect(out.stderr).toBe('tollgate: the event is invalid, nothing was sent:\n  data.subject.content.uri: expected absolute URI, got "not a uri"\n');
      expect(gateway!.requests).toHaveLength(0);
    });

    it('exits 1 and prints the issues when the gateway rejects the event', async () => {
      const issue = { path: 'subject', expected: 'registered subject', got: '"payments-api-42"' };
      const { url } = await verifyingGateway(() => ({
        status: 400,
        body: { error: { code: 'EVENT_INVALID', message: 'Invalid event', issues: [{ ...issue, message: 'x' }] } },
      }));

      const out = await tollgate(send(url));

      expect(out.code).toBe(1);
      expect(out.stdout).toBe('');
      expect(out.stderr).toBe(
        'tollgate: gateway rejected the event (400 EVENT_INVALID): Invalid event\n  subject: expected registered subject, got "payments-api-42"\n',
      );
    });

    it('exits 1 as unauthenticated when the secret is wrong', async () => {
      const { url } = await verifyingGateway(acceptOnce);
      await writeFile(secretFile, 'some-other-secret\n');

      const out = await tollgate(send(url));

      expect(out.code).toBe(1);
      expect(out.stderr).toBe('tollgate: gateway refused the credentials of source "jenkins-prod" (401 UNAUTHENTICATED): signature mismatch\n');
    });

    it('exits 2 naming a secret file that does not exist', async () => {
      const missing = join(dir, 'no-such-secret');
      const out = await tollgate(send('http://127.0.0.1:1').map((a) => (a === secretFile ? missing : a)));
      expect(out).toEqual({ code: 2, stdout: '', stderr: `tollgate: cannot read secret file ${missing}: no such file\n` });
    });

    it('refuses a secret given on the command line without echoing it', async () => {
      const out = await tollgate([...send('http://127.0.0.1:1'), `--secret=${secret}`]);
      expect(out.code).toBe(2);
      expect(out.stderr).toMatch(/^tollgate: secrets are not accepted on the command line; use --secret-file\n/);
      expect(out.stderr).not.toContain(secret);
    });

    it('rejects an option given twice', async () => {
      const out = await tollgate([...send('http://127.0.0.1:1'), '--run-id', 'other']);
      expect(out.code).toBe(2);
      expect(out.stderr).toMatch(/^tollgate: option --run-id given more than once\n/);
    });
  });

  describe('secrecy', () => {
    const paths: [string, (url: string) => string[], ScriptedResponse | undefined][] = [
      ['success', (url) => send(url), undefined],
      ['gateway 400', (url) => send(url), { status: 400, body: { error: { code: 'EVENT_INVALID', message: 'bad', issues: [] } } }],
      ['gateway 500 after retries', (url) => send(url, ['--retries', '1']), { status: 500 }],
      ['invalid content', (url) => send(url).map((a) => (a === CONTENT ? '{}' : a)), undefined],
      ['missing source id', (url) => send(url).filter((a) => a !== '--source-id' && a !== 'jenkins-prod'), undefined],
      ['pipeline show 404', (url) => ['pipeline', 'show', 'run-x', '--url', url, '--source-id', 'jenkins-prod', '--secret-file', secretFile], { status: 404 }],
    ];

    it.each(paths)('never prints the secret: %s', async (_name, argv, answer) => {
      const { url } = await verifyingGateway((req) => answer ?? acceptOnce(req));
      const out = await tollgate(argv(url));
      expect(`${out.stdout}${out.stderr}`).not.toContain(secret);
    });

    it('never prints the secret when the gateway cannot be reached', async () => {
      const port = await closedPort();
      const out = await tollgate(send(`http://127.0.0.1:${port}`, ['--retries', '2']));
      expect(out.code).toBe(1);
      expect(out.stderr).toContain(`tollgate: cannot reach the gateway at http://127.0.0.1:${port}/ after 3 attempts: connect ECONNREFUSED`);
      expect(`${out.stdout}${out.stderr}`).not.toContain(secret);
    });
  });

  describe('pipeline show', () => {
    it('prints the gateway answer as indented JSON', async () => {
      const view = { pipelineRunId: 'jenkins/payments-api/42', status: 'running' };
      gateway = await startScriptedGateway([{ status: 200, body: view }]);

      const out = await tollgate(['pipeline', 'show', 'jenkins/payments-api/42', '--url', gateway.url]);

      expect(out).toEqual({ code: 0, stdout: `${JSON.stringify(view, null, 2)}\n`, stderr: '' });
      expect(gateway.requests[0].url).toBe('/v1/pipelines/jenkins%2Fpayments-api%2F42');
    });

    it('exits 1 with the reason when the run is unknown', async () => {
      gateway = await startScriptedGateway([{ status: 404, body: { error: { code: 'NOT_FOUND', message: 'no such pipeline run' } } }]);

      const out = await tollgate(['pipeline', 'show', 'run-9', '--url', gateway.url]);

      expect(out).toEqual({ code: 1, stdout: '', stderr: 'tollgate: pipeline run "run-9" not found (404 NOT_FOUND): no such pipeline run\n' });
    });

    it('exits 2 when only half of the signing credentials are given', async () => {
      const out = await tollgate(['pipeline', 'show', 'run-1', '--url', 'http://127.0.0.1:1'], { env: { TOLLGATE_SOURCE_ID: 'jenkins-prod' } });
      expect(out.code).toBe(2);
      expect(out.stderr).toMatch(/^tollgate: --source-id and --secret-file \(or TOLLGATE_SOURCE_ID and TOLLGATE_HMAC_SECRET_FILE\) go together\n/);
    });

    it('exits 2 without a run id', async () => {
      const out = await tollgate(['pipeline', 'show']);
      expect(out.code).toBe(2);
      expect(out.stderr).toMatch(/^tollgate: missing <run-id>\n\nUsage: tollgate pipeline show/);
    });
  });

  describe('source hash-password', () => {
    it('hashes the password read from stdin, dropping one trailing newline', async () => {
      const out = await tollgate(['source', 'hash-password'], { stdin: ['s3cret-', 'pass\n'] });

      expect(out.code).toBe(0);
      expect(out.stderr).toBe('');
      expect(out.stdout).toMatch(/^scrypt\$16384\$8\$1\$[^$]+\$[^$]+\n$/);
      expect(out.stdout).not.toContain('s3cret-pass');
      await expect(verifyPassword('s3cret-pass', out.stdout.trim())).resolves.toBe(true);
    });

    it('exits 2 when stdin is empty', async () => {
      await expect(tollgate(['source', 'hash-password'], { stdin: ['\n'] })).resolves.toEqual({
        code: 2,
        stdout: '',
        stderr: 'tollgate: no password on stdin\n',
      });
    });

    it('does not take the password as an argument', async () => {
      const out = await tollgate(['source', 'hash-password', 'hunter2']);
      expect(out.code).toBe(2);
      expect(out.stdout).toBe('');
    });
  });

  describe('usage', () => {
    it('prints the command list on --help and exits 0', async () => {
      const out = await tollgate(['--help']);
      expect(out.code).toBe(0);
      expect(out.stdout).toMatch(/^Usage: tollgate <command> \[options\]/);
      expect(out.stdout).toContain('event send');
      expect(out.stderr).toBe('');
    });

    it('prints a command usage on <command> --help even without its required options', async () => {
      const out = await tollgate(['event', 'send', '--help']);
      expect(out.code).toBe(0);
      expect(out.stdout).toMatch(/^Usage: tollgate event send/);
      expect(out.stdout).toContain('pipelinerun.started');
    });

    it.each([[[]], [['deploy']], [['event']], [['event', 'receive']], [['source', 'hash']]])('prints usage on stderr and exits 2 for %j', async (argv) => {
      const out = await tollgate(argv);
      expect(out.code).toBe(2);
      expect(out.stdout).toBe('');
      expect(out.stderr).toMatch(/^tollgate: (missing|unknown) .+\n\nUsage: tollgate /);
    });
  });
});
