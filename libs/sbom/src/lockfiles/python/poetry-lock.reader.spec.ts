import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readPoetryLock } from './poetry-lock.reader';

const poetryLock = readFileSync(join(__dirname, 'fixtures', 'poetry.lock'), 'utf8');
const inputError = (fields: object): Error => expect.objectContaining({ name: 'SbomInputError', ...fields });

describe(readPoetryLock.name, () => {
  it('lists every locked package with its scope from the groups, and the packages nothing else pulls in as roots', () => {
    const inventory = readPoetryLock(poetryLock, 'poetry.lock');

    expect(inventory.components.map((c) => [c.purl, c.scope, c.evidence])).toEqual([
      ['pkg:pypi/certifi@2024.8.30', 'required', 'poetry.lock:3'],
      ['pkg:pypi/charset-normalizer@3.4.0', 'required', 'poetry.lock:15'],
      ['pkg:pypi/idna@3.10', 'required', 'poetry.lock:28'],
      ['pkg:pypi/pyflakes@3.2.0', 'dev', 'poetry.lock:43'],
      ['pkg:pypi/requests@2.32.3', 'required', 'poetry.lock:55'],
      ['pkg:pypi/ujson@5.10.0', 'optional', 'poetry.lock:77'],
      ['pkg:pypi/urllib3@2.2.3', 'required', 'poetry.lock:90'],
    ]);
    expect(inventory.roots).toEqual(['pkg:pypi/pyflakes@3.2.0', 'pkg:pypi/requests@2.32.3', 'pkg:pypi/ujson@5.10.0']);
  });

  it("gives a package the SHA-256 of each of its files and the edges of its [package.dependencies]", () => {
    const requests = readPoetryLock(poetryLock, 'poetry.lock').components.find((c) => c.name === 'requests');

    expect(requests).toMatchObject({
      ecosystem: 'pypi',
      version: '2.32.3',
      hashes: [
        { alg: 'SHA-256', content: 'bd0c80ddb748e530fc1c4dec6b66909a820f246d37f72b3461438ce1fcd8a30a' },
        { alg: 'SHA-256', content: 'd3661b32ef71c53e839964f1652bec8ac7b30a882a656a9e5055bbd4043b48f1' },
      ],
      dependsOn: ['pkg:pypi/certifi@2024.8.30', 'pkg:pypi/charset-normalizer@3.4.0', 'pkg:pypi/idna@3.10', 'pkg:pypi/urllib3@2.2.3'],
    });
  });

  it('reads lock format 1.1: category for the scope, hashes under [metadata.files], names normalised per PEP 503', () => {
    const legacy = [
      '[[package]]',
      'name = "Zope.Interface"',
      'version = "6.0"',
      'category = "main"',
      'optional = false',
      '',
      '[package.dependencies]',
      'setuptools = "*"',
      'typing_extensions = {version = ">=4", optional = true}',
      '',
      '[[package]]',
      'name = "setuptools"',
      'version = "69.0.2"',
      'category = "dev"',
      'optional = false',
      '',
      '[metadata]',
      'lock-version = "1.1"',
      '',
      '[metadata.files]',
      `"Zope.Interface" = [{file = "zope.interface-6.0.tar.gz", hash = "sha256:${'AB'.repeat(32)}"}, {file = "z.zip", hash = "md5:00"}]`,
    ].join('\n');

    expect(readPoetryLock(legacy, 'poetry.lock')).toEqual({
      components: [
        expect.objectContaining({ purl: 'pkg:pypi/setuptools@69.0.2', scope: 'dev', hashes: [], dependsOn: [] }),
        expect.objectContaining({ purl: 'pkg:pypi/zope-interface@6.0', name: 'zope-interface', scope: 'required', hashes: [{ alg: 'SHA-256', content: 'ab'.repeat(32) }], dependsOn: ['pkg:pypi/setuptools@69.0.2'] }),
      ],
      roots: ['pkg:pypi/zope-interface@6.0'],
    });
  });

  it('refuses a lock cut short before its [metadata] table', () => {
    const truncated = poetryLock.slice(0, poetryLock.indexOf('[extras]'));

    expect(() => readPoetryLock(truncated, 'svc/poetry.lock')).toThrow(inputError({ file: 'svc/poetry.lock', reason: expect.stringMatching(/^truncated/) }));
  });

  it('names the line and column of a TOML syntax error, a cut inside a string included', () => {
    const cut = poetryLock.slice(0, poetryLock.indexOf('2.32.3') + 3);

    expect(() => readPoetryLock(cut, 'poetry.lock')).toThrow(inputError({ file: 'poetry.lock', reason: 'invalid TOML: unfinished string', position: { line: 57, column: 11 } }));
  });

  it('names the line of a package with no version', () => {
    const noVersion = poetryLock.replace('version = "3.10"\n', '');

    expect(() => readPoetryLock(noVersion, 'poetry.lock')).toThrow(inputError({ reason: 'package idna has no "version"', position: { line: 28 } }));
  });
});
