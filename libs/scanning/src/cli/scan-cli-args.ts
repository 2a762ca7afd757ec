import { parseArgs } from 'node:util';
import { SEVERITIES, type Severity } from '../findings/finding';
import { SCAN_USAGE } from './scan-usage';

/** Bad usage: exit 2 with the command's usage. */
export class ScanUsageError extends Error {
  override readonly name = 'ScanUsageError';
  readonly usage = SCAN_USAGE;
}

export const SCAN_FORMATS = ['table', 'json', 'sarif'] as const;
export type ScanFormat = (typeof SCAN_FORMATS)[number];

export interface ScanOptions {
  readonly root: string;
  readonly format: ScanFormat;
  readonly failOn: Severity;
  readonly out?: string;
  /** Undefined: the whole tree. */
  readonly paths?: readonly string[];
  readonly help: boolean;
}

function oneOf<T extends string>(flag: string, allowed: readonly T[], value: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new ScanUsageError(`${flag} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
}

/** Reads `tollgate scan` arguments; throws ScanUsageError naming what is wrong. */
export function parseScanArgs(args: readonly string[]): ScanOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string' },
        'fail-on': { type: 'string' },
        out: { type: 'string' },
        paths: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new ScanUsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { root: '', format: 'table', failOn: 'critical', help: true };
  if (positionals.length !== 1) throw new ScanUsageError(positionals.length === 0 ? 'missing <path>' : `expected one <path>, got ${positionals.length}: ${positionals.map((p) => JSON.stringify(p)).join(' ')}`);
  if (positionals[0] === '') throw new ScanUsageError('<path> is empty');
  if (values.out === '') throw new ScanUsageError('--out needs a file name');
  let paths: string[] | undefined;
  if (values.paths !== undefined) {
    paths = values.paths
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== '');
    if (paths.length === 0) throw new ScanUsageError(`--paths needs at least one path, got ${JSON.stringify(values.paths)}`);
  }
  return {
    root: positionals[0],
    format: oneOf('--format', SCAN_FORMATS, values.format ?? 'table'),
    failOn: oneOf('--fail-on', SEVERITIES, values['fail-on'] ?? 'critical'),
    ...(values.out === undefined ? {} : { out: values.out }),
    ...(paths === undefined ? {} : { paths }),
    help: false,
  };
}
