/* eslint-disable @typescript-eslint/no-explicit-any -- events are inspected as plain JSON */
// The scanner runner's end-to-end set-up: the SBOM builder as a real process (its
// own schema, migrated by tools/migrate.ts), the scanner runner in-process, one
// private NATS prefix, a local OSV directory, git repositories made per test.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { encodeEvent, subjectOf, type TollgateEvent } from '@tollgate/events';
import { JetStreamConnection } from '@tollgate/messaging';
import { SCANNER_ENTITIES, SCANNER_MIGRATIONS } from '@tollgate/scanner-service';
import {
  createTestDataSource,
  deleteStreamsWithPrefix,
  readStreamPayloads,
  runTool,
  sharedNatsUrl,
  startAppProcess,
  uniqueName,
  type AppProcess,
  type TestDataSource,
} from '@tollgate/testing';
import { startScannerRunner, type RunningScannerRunner } from '../bootstrap';
import { loadScannerRunnerConfig } from '../scanner-runner.config';

export interface ScannerHarness {
  scanner: RunningScannerRunner;
  sbomBuilder: AppProcess;
  db: TestDataSource;
  dir: string;
  /** Watched for OSV advisories (SCANNER_ADVISORY_INBOX_DIR). */
  advisoryInbox: string;
  logLines: string[];
  publish(event: TollgateEvent): Promise<void>;
  events(stream: 'ARTIFACT' | 'SECURITY'): Promise<any[]>;
  /** A git repository holding `files`, committed; returns its file:// URL and the commit. */
  repository(name: string, files: Record<string, string>): { url: string; commit: string; commitMore(files: Record<string, string>): string };
  close(): Promise<void>;
}

/** Another service the scanner talks to, started on the harness's NATS prefix and database before the scanner. */
export interface HarnessCompanion {
  /** Variables the scanner runner gets to reach it. */
  scannerEnv: Record<string, string>;
  /** Variables the SBOM builder process gets to reach it. */
  sbomBuilderEnv?: Record<string, string>;
  close(): Promise<void>;
}

export interface ScannerHarnessOptions {
  osvRecords: object[];
  externalScanners?: object[];
  companion?: (shared: { NATS_URL: string; DATABASE_URL: string; TOLLGATE_SUBJECT_PREFIX: string; TOLLGATE_STREAM_PREFIX: string }, dir: string) => Promise<HarnessCompanion>;
}

export async function startScannerHarness(options: ScannerHarnessOptions): Promise<ScannerHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'tollgate-scanner-e2e-'));
  const osvDir = join(dir, 'osv');
  mkdirSync(osvDir);
  const advisoryInbox = join(dir, 'advisory-inbox');
  mkdirSync(advisoryInbox);
  for (const record of options.osvRecords) writeFileSync(join(osvDir, `${(record as { id: string }).id}.json`), JSON.stringify(record));
  let externalFile: string | undefined;
  if (options.externalScanners) {
    externalFile = join(dir, 'scanners.yaml');
    writeFileSync(externalFile, JSON.stringify(options.externalScanners));
  }
  const db = await createTestDataSource({ entities: SCANNER_ENTITIES, migrations: SCANNER_MIGRATIONS });
  const sbomSchema = uniqueName('sb');
  await runTool('tools/migrate.ts', ['--service', 'sbom-builder', '--schema', sbomSchema], { DATABASE_URL: db.url });
  const streamPrefix = `${uniqueName('sc').toUpperCase()}_`;
  const subjectPrefix = `${streamPrefix.toLowerCase()}.`;
  const natsUrl = sharedNatsUrl();
  const shared = { NATS_URL: natsUrl, DATABASE_URL: db.url, TOLLGATE_SUBJECT_PREFIX: subjectPrefix, TOLLGATE_STREAM_PREFIX: streamPrefix };
  const companion = await options.companion?.(shared, dir);
  const sbomBuilder = await startAppProcess({ main: 'apps/sbom-builder/src/main.ts', env: { ...shared, DATABASE_SCHEMA: sbomSchema, ...companion?.sbomBuilderEnv } });

  const logLines: string[] = [];
  const logDestination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const scanner = await startScannerRunner(
    loadScannerRunnerConfig({
      ...shared,
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_SCHEMA: db.schema,
      SCANNER_SBOM_BUILDER_URL: sbomBuilder.url,
      SCANNER_OSV_DIR: osvDir,
      SCANNER_ADVISORY_INBOX_DIR: advisoryInbox,
      SCANNER_ADVISORY_POLL_MS: '200',
      ...(externalFile && { SCANNER_EXTERNAL_FILE: externalFile, SCANNER_EXTERNAL_TIMEOUT_MS: '3000' }),
      SCANNER_MAX_DELIVER: '2',
      SCANNER_RETRY_BACKOFF_MS: '300',
      LOG_LEVEL: 'debug',
      ...companion?.scannerEnv,
    }),
    { logDestination },
  );
  const publisher = await JetStreamConnection.connect({ servers: natsUrl, name: 'scanner-e2e', subjectPrefix, streamPrefix });
  return {
    scanner,
    sbomBuilder,
    db,
    dir,
    advisoryInbox,
    logLines,
    publish: async (event) => {
      await publisher.js.publish(publisher.subject(subjectOf(event)), encodeEvent(event), { msgID: event.id });
    },
    events: async (stream) => (await readStreamPayloads(natsUrl, `${streamPrefix}TOLLGATE_${stream}`)).map((p) => JSON.parse(p) as any),
    repository(name, files) {
      const repo = join(dir, name);
      const git = (...args: string[]) => execFileSync('git', ['-C', repo, '-c', 'user.email=ci@example.internal', '-c', 'user.name=ci', ...args], { encoding: 'utf8' }).trim();
      const write = (more: Record<string, string>) => {
        for (const [path, content] of Object.entries(more)) {
          mkdirSync(dirname(join(repo, path)), { recursive: true });
          writeFileSync(join(repo, path), content);
        }
        git('add', '.');
        git('commit', '-qm', 'change');
        return git('rev-parse', 'HEAD');
      };
      mkdirSync(repo, { recursive: true });
      git('init', '-q');
      const commit = write(files);
      return { url: `file://${repo}`, commit, commitMore: write };
    },
    async close() {
      await scanner.close();
      await publisher.drain();
      await sbomBuilder.stop();
      await companion?.close();
      await deleteStreamsWithPrefix(natsUrl, streamPrefix);
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
