import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SbomInputError } from '../../model/inventory';
import { readYarnLock, readYarnProject } from './yarn-lock.reader';

const fixture = (file: string): string => readFileSync(join(__dirname, 'fixtures', file), 'utf8');
const classicLock = fixture('classic/yarn.lock');
const berryLock = fixture('berry/yarn.lock');

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

describe(readYarnLock.name, () => {
  describe('classic lockfile', () => {
    it('names the file, line and column of a syntax error', () => {
      // Line 15 is `    ms "^2.1.3"`; the closing quote is gone.
      const error = errorOf(() => readYarnLock(withLine(classicLock, 15, '    ms "^2.1.3'), 'web/yarn.lock'));

      expect(error).toMatchObject({ file: 'web/yarn.lock', position: { line: 15, column: 8 } });
      expect(error.message).toMatch(/^web\/yarn\.lock:15:8: invalid yarn\.lock syntax/);
    });

    it('rejects a file cut between entries, naming the entry whose dependency is gone', () => {
      // Cut after debug's entry (lines 10-15): the ms entries it needs are missing.
      const error = errorOf(() => readYarnLock(firstLines(classicLock, 16), 'yarn.lock'));

      expect(error).toMatchObject({ file: 'yarn.lock', position: { line: 10 } });
      expect(error.reason).toBe('entry "debug@^4.3.4": depends on ms@^2.1.3, which has no entry (truncated or hand-edited lockfile?)');
    });

    it('rejects a file cut inside an integrity hash rather than recording a short digest', () => {
      const cut = classicLock.slice(0, classicLock.indexOf('RGwwWnwQvkVfavKVt22FGLw+') + 'RGwwWnwQvkVfavKVt22FGLw+'.length);

      const error = errorOf(() => readYarnLock(cut, 'yarn.lock'));

      expect(error).toMatchObject({ file: 'yarn.lock', position: { line: 10 } });
      expect(error.reason).toContain('is not a valid SRI hash');
    });

    it('rejects an entry without a version', () => {
      const error = errorOf(() => readYarnLock(withLine(classicLock, 23, '  resolved "x"'), 'yarn.lock'));

      expect(error).toMatchObject({ position: { line: 22 } });
      expect(error.reason).toBe('entry "is-number@^7.0.0": has no version (truncated or hand-edited lockfile?)');
    });
  });

  describe('berry lockfile', () => {
    it('names the file, line and column of a YAML error', () => {
      // Line 26 opens debug's dependencies; an unclosed flow mapping breaks the YAML.
      const error = errorOf(() => readYarnLock(withLine(berryLock, 26, '  dependencies: {ms: "npm:^2.1.3"'), 'yarn.lock'));

      expect(error).toMatchObject({ file: 'yarn.lock', position: { line: 27, column: 5 } });
      expect(error.reason).toBe('invalid yarn.lock syntax: missed comma between flow collection entries');
    });

    it('rejects a file cut inside a quoted resolution', () => {
      const cut = berryLock.slice(0, berryLock.indexOf('resolution: "debug@npm:4.') + 'resolution: "debug@npm:4.'.length);

      expect(errorOf(() => readYarnLock(cut, 'yarn.lock'))).toMatchObject({ file: 'yarn.lock', position: { line: 26, column: 1 } });
    });

    it('rejects a file cut between entries, naming the workspace whose dependency is gone', () => {
      const error = errorOf(() => readYarnLock(firstLines(berryLock, 34), 'yarn.lock'));

      expect(error).toMatchObject({ file: 'yarn.lock', position: { line: 8 } });
      expect(error.reason).toContain('depends on ms@npm:^2.1.3, which has no entry');
    });

    it('gives no partial result for a truncated lockfile read with its package.json', () => {
      expect(() => readYarnProject(firstLines(berryLock, 34), 'yarn.lock', fixture('berry/package.json'))).toThrow(SbomInputError);
    });
  });

  it('rejects text that is neither a classic nor a berry lockfile', () => {
    const error = errorOf(() => readYarnLock('{"lockfileVersion": 3}\n', 'yarn.lock'));

    expect(error).toMatchObject({ file: 'yarn.lock', position: undefined });
    expect(error.reason).toBe('not a yarn lockfile: no "# yarn lockfile v1" header and no __metadata block');
  });
});
