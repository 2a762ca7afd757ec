import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SbomInputError } from '../../model/inventory';
import { readPnpmLock } from './pnpm-lock.reader';

const fixture = (file: string): string => readFileSync(join(__dirname, 'fixtures', file), 'utf8');
const v9Lock = fixture('v9/pnpm-lock.yaml');

/** The fixture's first `count` lines, as if the file had been cut after them. */
const firstLines = (text: string, count: number): string => `${text.split('\n').slice(0, count).join('\n')}\n`;
/** The fixture with 1-based line `line` replaced. */
const withLine = (text: string, line: number, replacement: string): string =>
  text.split('\n').map((original, index) => (index === line - 1 ? replacement : original)).join('\n');

function errorOf(read: () => unknown): SbomInputError {
  try {
    read();
  } catch (error) {
    if (error instanceof SbomInputError) return error;
    throw error;
  }
  throw new Error('expected an SbomInputError, but the read succeeded');
}

describe(readPnpmLock.name, () => {
  it('names the file, line and column of a YAML syntax error', () => {
    // Line 88 is is-odd's `      is-number: 6.0.0`.
    const error = errorOf(() => readPnpmLock(withLine(v9Lock, 88, '      is-number: 6.0.0: x'), 'app/pnpm-lock.yaml'));

    expect(error).toMatchObject({ file: 'app/pnpm-lock.yaml', position: { line: 88, column: 18 } });
    expect(error.message).toBe('app/pnpm-lock.yaml:88:18: invalid YAML: Nested mappings are not allowed in compact mappings');
  });

  it('rejects a duplicated package key where it is repeated', () => {
    const error = errorOf(() => readPnpmLock(withLine(v9Lock, 84, '  is-number@6.0.0: {}'), 'pnpm-lock.yaml'));

    expect(error).toMatchObject({ position: { line: 84, column: 3 }, reason: 'invalid YAML: Map keys must be unique' });
  });

  it('rejects a file cut inside an integrity hash', () => {
    const cut = v9Lock.slice(0, v9Lock.indexOf('RGwwWnwQ') + 'RGwwWnwQ'.length);

    expect(errorOf(() => readPnpmLock(cut, 'pnpm-lock.yaml'))).toMatchObject({ file: 'pnpm-lock.yaml', position: { line: 47, column: 44 } });
  });

  it('rejects a v9 file cut inside snapshots, naming the snapshot whose dependency is gone', () => {
    // Lines 77-80 are debug's snapshot; ms@2.1.3's snapshot (line 93) is cut off.
    const error = errorOf(() => readPnpmLock(firstLines(v9Lock, 80), 'pnpm-lock.yaml'));

    expect(error).toMatchObject({ file: 'pnpm-lock.yaml', position: { line: 77 } });
    expect(error.reason).toBe('snapshots debug@4.4.3: dependencies.ms points to ms@2.1.3, which has no entry (truncated or hand-edited lockfile?)');
  });

  it('rejects a v9 file cut before its snapshots, naming the importer', () => {
    const error = errorOf(() => readPnpmLock(firstLines(v9Lock, 72), 'pnpm-lock.yaml'));

    expect(error).toMatchObject({ position: { line: 9 } });
    expect(error.reason).toContain('importers .: dependencies.@isaacs/string-locale-compare points to @isaacs/string-locale-compare@1.1.0, which has no entry');
  });

  it('rejects a v6 file cut inside packages', () => {
    const error = errorOf(() => readPnpmLock(firstLines(fixture('v6/pnpm-lock.yaml'), 60), 'pnpm-lock.yaml'));

    expect(error).toMatchObject({ position: { line: 47 } });
    expect(error.reason).toContain('dependencies.ms points to /ms@2.1.3, which has no entry');
  });

  it('rejects a snapshot whose package entry is missing', () => {
    // Line 70 is ms@2.1.3's packages key; renaming it orphans the ms@2.1.3 snapshot.
    const error = errorOf(() => readPnpmLock(withLine(v9Lock, 70, '  ms@9.9.9:'), 'pnpm-lock.yaml'));

    expect(error).toMatchObject({ position: { line: 93 } });
    expect(error.reason).toBe('entry "ms@2.1.3" has no packages entry (truncated or hand-edited lockfile?)');
  });

  it('rejects a lockfile version it does not know', () => {
    const error = errorOf(() => readPnpmLock(v9Lock.replace("lockfileVersion: '9.0'", "lockfileVersion: '3.0'"), 'pnpm-lock.yaml'));

    expect(error).toMatchObject({ position: { line: 1 }, reason: 'unsupported or missing lockfileVersion "3.0"' });
  });

  it('rejects an empty file', () => {
    expect(() => readPnpmLock('', 'pnpm-lock.yaml')).toThrow(new SbomInputError('pnpm-lock.yaml', 'not a pnpm lockfile: the document is not a mapping'));
  });
});
