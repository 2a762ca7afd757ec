// Wall time and peak memory (max RSS) of one Node process, measured from the
// outside: a preload script records the process's own maxRSS as it exits.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

export interface ProcessFigures {
  wallMs: number;
  maxRssMb: number;
}

const dir = mkdtempSync(join(tmpdir(), 'tollgate-bench-'));
const preload = join(dir, 'report-rss.cjs');
writeFileSync(preload, `process.on('exit', () => require('node:fs').writeFileSync(process.env.TOLLGATE_RSS_FILE, String(process.resourceUsage().maxRSS)));\n`);

/** Runs `node <args>` (or a Node script) once; fails if it exits non-zero. */
export function measureNode(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<ProcessFigures> {
  const rssFile = join(dir, `rss-${Math.random().toString(36).slice(2)}`);
  const start = performance.now();
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--require', preload, ...args], { cwd: options.cwd, env: { ...process.env, ...options.env, TOLLGATE_RSS_FILE: rssFile }, maxBuffer: 256 * 1024 * 1024 }, (error, _stdout, stderr) => {
      const wallMs = performance.now() - start;
      if (error) return reject(new Error(`node ${args.join(' ')} failed: ${stderr.slice(-500)}`));
      resolve({ wallMs, maxRssMb: Number(readFileSync(rssFile, 'utf8')) / 1024 });
    });
  });
}

export function cleanupMeasurements(): void {
  rmSync(dir, { recursive: true, force: true });
}
