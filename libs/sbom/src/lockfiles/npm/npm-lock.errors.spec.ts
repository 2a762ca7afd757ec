import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SbomInputError } from '../../model/inventory';
import { readNpmLock } from './npm-lock.reader';

const fixture = (file: string): string => readFileSync(join(__dirname, 'fixtures', file), 'utf8');
const V3 = fixture('v3/package-lock.json');
const V1 = fixture('v1/package-lock.json');

/** The error readNpmLock throws (it must throw: no partial inventory). */
function errorOf(text: string): SbomInputError {
  try {
    readNpmLock(text, 'app/package-lock.json');
  } catch (error) {
    if (error instanceof SbomInputError) return error;
    throw error;
  }
  throw new Error('readNpmLock returned an inventory for a damaged lockfile');
}

/** Replaces exactly one occurrence, so a fixture edit cannot silently miss. */
function replaceOnce(text: string, from: string, to: string): string {
  expect(text.split(from)).toHaveLength(2);
  return text.replace(from, to);
}

describe(readNpmLock.name, () => {
  describe('with a damaged lockfile', () => {
    it('reports a file cut inside a string as truncated, at the line where it ends', () => {
      const error = errorOf(V3.slice(0, V3.indexOf('Wu1VHeIL')));

      expect(error).toMatchObject({ file: 'app/package-lock.json', reason: 'truncated: the JSON ends before the document does', position: { line: 79, column: 20 } });
      expect(error.message).toBe('app/package-lock.json:79:20: truncated: the JSON ends before the document does');
    });

    it('reports a file cut between entries as truncated, at its last line', () => {
      const firstLines = V3.split('\n').slice(0, 60).join('\n');

      expect(errorOf(firstLines)).toMatchObject({ reason: 'truncated: the JSON ends before the document does', position: { line: 60, column: 27 } });
    });

    it('places invalid JSON at the offending token, which V8 does not', () => {
      const error = errorOf(replaceOnce(V3, '"dev": true,', '"dev": yes,'));

      expect(error).toMatchObject({ file: 'app/package-lock.json', reason: 'invalid JSON: InvalidSymbol', position: { line: 57, column: 14 } });
    });

    it('refuses a packages entry without a version, naming its line', () => {
      const error = errorOf(replaceOnce(V3, '"node_modules/debug": {\n      "version": "4.4.3",', '"node_modules/debug": {'));

      expect(error).toMatchObject({ file: 'app/package-lock.json', reason: 'packages["node_modules/debug"] has no version', position: { line: 30, column: 5 } });
    });

    it('refuses a malformed integrity rather than record a wrong hash', () => {
      const cut = 'sha512-Wu1VHeILBK8KAWJUAiSZQX94GmOE45Rg6/538fKwiloUu21KncEkYGPqob2oSZ5mUT73vLGrHQjKw3KMPwfDzg==';
      const error = errorOf(replaceOnce(V3, cut, cut.slice(0, 40)));

      expect(error).toMatchObject({
        file: 'app/package-lock.json',
        reason: 'node_modules/is-odd/node_modules/is-number: malformed integrity "sha512-Wu1VHeILBK8KAWJUAiSZQX94GmOE45Rg6"',
        position: { line: 79, column: 7 },
      });
    });

    it('refuses a packages entry that is not an object', () => {
      const error = errorOf(replaceOnce(V3, '"node_modules/ms": {', '"node_modules/ms": "2.0.0", "x": {'));

      expect(error).toMatchObject({ reason: 'packages["node_modules/ms"] is not an object', position: { line: 111, column: 5 } });
    });

    it('refuses JSON that is not a lockfile', () => {
      expect(errorOf('[1, 2]')).toMatchObject({ reason: 'not an npm lockfile: expected a JSON object', position: { line: 1, column: 1 } });
      expect(errorOf('{\n  "name": "x",\n  "lockfileVersion": 3\n}')).toMatchObject({ reason: 'not an npm lockfile: no "packages" (lockfileVersion 3)', position: { line: 3, column: 3 } });
    });
  });

  describe('with a damaged lockfileVersion 1 file', () => {
    it('refuses an entry without a version, naming its line', () => {
      const error = errorOf(replaceOnce(V1, '"debug": {\n      "version": "4.4.3",', '"debug": {'));

      expect(error).toMatchObject({ file: 'app/package-lock.json', reason: 'dependencies["debug"] has no version', position: { line: 12, column: 5 } });
    });

    it('refuses a malformed integrity in a nested entry, naming its line', () => {
      const error = errorOf(replaceOnce(V1, 'Wu1VHeILBK8KAWJUAiSZQX94GmOE45Rg6/538fKwiloUu21KncEkYGPqob2oSZ5mUT73vLGrHQjKw3KMPwfDzg==', 'not base64!'));

      expect(error).toMatchObject({ reason: 'is-number: malformed integrity "sha512-not base64!"', position: { line: 45, column: 11 } });
    });
  });
});
