import { Worker } from 'node:worker_threads';
import { NOT_SECRET_MESSAGE_IDS, PATTERN_RULES, PATTERN_RULE_ID } from './secret-rules';
import { SecretScanError } from './secret-scan.error';

/** One secretlint report, as much of it as we use. `data` holds the matched secret: it never leaves this module's caller. */
export interface SecretlintReport {
  readonly ruleId: string;
  readonly messageId: string;
  readonly range: readonly [number, number];
  readonly data: Readonly<Record<string, string>>;
  readonly docsUrl?: string;
}

export interface LintedFile {
  readonly path: string;
  readonly reports: readonly SecretlintReport[];
}

/*
 * secretlint ships only ES modules. It runs in a worker thread, which loads them with
 * Node's own loader whatever the host (a CommonJS service, a bundle, a test runner),
 * keeps a slow regular expression off the service's event loop, and can be terminated
 * at a deadline. Plain JavaScript because a worker is not compiled.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { pathToFileURL } = require('node:url');
const load = (path) => import(pathToFileURL(path).href);
(async () => {
  const [{ lintSource }, preset, pattern] = await Promise.all([load(workerData.modules.core), load(workerData.modules.preset), load(workerData.modules.pattern)]);
  // The preset's rules one by one rather than the preset: secretlint 11 ignores "disabled" on a
  // preset's member, and in-file "secretlint-disable" comments would let a change waive its own
  // finding (waivers go through the gate, with an approver and a ticket).
  const config = {
    rules: [
      ...preset.rules
        .filter((rule) => rule.meta.id !== '@secretlint/secretlint-rule-filter-comments')
        .map((rule) => rule.meta.id === '@secretlint/secretlint-rule-aws'
          ? { id: rule.meta.id, rule, options: { enableIDScanRule: true }, allowMessageIds: workerData.notSecretMessageIds }
          : { id: rule.meta.id, rule }),
      { id: pattern.creator.meta.id, rule: pattern.creator, options: { patterns: workerData.patterns } },
    ],
  };
  const results = [];
  for (const file of workerData.files) {
    try {
      const result = await lintSource({ source: { filePath: file.path, content: file.content, contentType: 'text' }, options: { config, locale: 'en' } });
      results.push({
        path: file.path,
        reports: result.messages.filter((m) => m.type === 'message').map((m) => ({
          ruleId: m.ruleId,
          messageId: m.messageId,
          range: [m.range[0], m.range[1]],
          data: Object.fromEntries(Object.entries(m.data || {}).filter(([, v]) => typeof v === 'string')),
          docsUrl: m.docsUrl,
        })),
      });
    } catch (error) {
      parentPort.postMessage({ ok: false, path: file.path, error: String(error && error.message || error) });
      return;
    }
  }
  parentPort.postMessage({ ok: true, results });
})().catch((error) => parentPort.postMessage({ ok: false, error: String(error && error.stack || error) }));
`;

type WorkerReply = { ok: true; results: LintedFile[] } | { ok: false; path?: string; error: string };

function moduleLocations(): Record<'core' | 'preset' | 'pattern', string> {
  return {
    core: require.resolve('@secretlint/core'),
    preset: require.resolve('@secretlint/secretlint-rule-preset-recommend'),
    pattern: require.resolve(PATTERN_RULE_ID),
  };
}

/** Runs secretlint (recommended preset + Tollgate's pattern rules) over the files in a worker, within `timeoutMs`. */
export function lintWithSecretlint(files: readonly { path: string; content: string }[], timeoutMs: number): Promise<LintedFile[]> {
  const patterns = PATTERN_RULES.map((rule) => ({ name: rule.name, patterns: [...rule.patterns] }));
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { modules: moduleLocations(), patterns, files, notSecretMessageIds: NOT_SECRET_MESSAGE_IDS },
    // Nothing of the service's environment is needed to match patterns.
    env: {},
  });
  return new Promise<LintedFile[]>((resolve, reject) => {
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new SecretScanError('TIMEOUT', `secret scan of ${files.length} files did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    const settle = (action: () => void) => {
      clearTimeout(timer);
      void worker.terminate();
      action();
    };
    worker.once('message', (reply: WorkerReply) =>
      settle(() =>
        reply.ok
          ? resolve(reply.results)
          : reject(new SecretScanError('SCAN_FAILED', reply.path ? `${reply.path}: secretlint failed: ${reply.error}` : `secretlint failed to start: ${reply.error}`)),
      ),
    );
    worker.once('error', (error) => settle(() => reject(new SecretScanError('SCAN_FAILED', `secret scan worker failed: ${error.message}`, { cause: error }))));
    worker.once('exit', (code) => settle(() => reject(new SecretScanError('SCAN_FAILED', `secret scan worker exited with code ${code} before reporting`))));
  });
}
