import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readComposerLock } from './composer-lock.reader';

const composerLock = readFileSync(join(__dirname, 'fixtures', 'composer.lock'), 'utf8');
const inputError = (fields: object): Error => expect.objectContaining({ name: 'SbomInputError', ...fields });

describe(readComposerLock.name, () => {
  it('lists packages as required and packages-dev as dev, with vendor/name purls and versions as locked', () => {
    const inventory = readComposerLock(composerLock, 'composer.lock');

    expect(inventory.components.map((c) => [c.purl, c.namespace, c.name, c.version, c.scope, c.evidence])).toEqual([
      ['pkg:composer/monolog/monolog@3.7.0', 'monolog', 'monolog', '3.7.0', 'required', 'composer.lock#packages[0]'],
      ['pkg:composer/phpstan/phpstan@1.12.7', 'phpstan', 'phpstan', '1.12.7', 'dev', 'composer.lock#packages-dev[0]'],
      ['pkg:composer/psr/log@3.0.2', 'psr', 'log', '3.0.2', 'required', 'composer.lock#packages[1]'],
      ['pkg:composer/symfony/polyfill-ctype@v1.31.0', 'symfony', 'polyfill-ctype', 'v1.31.0', 'required', 'composer.lock#packages[2]'],
      ['pkg:composer/tollgate/pump-protocol@2.1.0', 'tollgate', 'pump-protocol', '2.1.0', 'required', 'composer.lock#packages[3]'],
    ]);
    expect(inventory.roots).toEqual(['pkg:composer/phpstan/phpstan@1.12.7', 'pkg:composer/tollgate/pump-protocol@2.1.0']);
  });

  it('takes edges from require, through a provided virtual package, leaving out PHP and its extensions', () => {
    const components = readComposerLock(composerLock, 'composer.lock').components;

    expect(Object.fromEntries(components.map((c) => [c.name, c.dependsOn]))).toEqual({
      monolog: ['pkg:composer/psr/log@3.0.2'],
      phpstan: [],
      log: [],
      'polyfill-ctype': [],
      'pump-protocol': ['pkg:composer/monolog/monolog@3.7.0', 'pkg:composer/symfony/polyfill-ctype@v1.31.0'],
    });
  });

  it('records a non-empty dist shasum as SHA-1, a license list as an OR expression, and the authors as supplier', () => {
    const components = readComposerLock(composerLock, 'composer.lock').components;

    expect(components.find((c) => c.name === 'pump-protocol')).toMatchObject({ hashes: [{ alg: 'SHA-1', content: '025157988b4b4f69d8e73840e3c9195ce0a9fe75' }], license: 'MIT OR Apache-2.0' });
    expect(components.find((c) => c.name === 'monolog')).toMatchObject({ hashes: [], license: 'MIT', supplier: 'Jordi Boggiano' });
    expect(components.find((c) => c.name === 'polyfill-ctype')?.supplier).toBe('Gert de Pagter, Symfony Community');
  });

  it('names the line and column where a truncated lock ends', () => {
    const truncated = composerLock.slice(0, composerLock.indexOf('"packages-dev"'));

    expect(() => readComposerLock(truncated, 'php/composer.lock')).toThrow(inputError({ file: 'php/composer.lock', reason: 'truncated: the JSON ends before the document does', position: { line: 213, column: 5 } }));
  });

  it.each([
    ['a lock without packages', '{"packages-dev": []}', 'not a composer.lock: no "packages" array'],
    ['a package without a version', '{"packages": [{"name": "psr/log"}]}', 'packages[0] has no "name" and "version"'],
    ['a name without a vendor', '{"packages": [], "packages-dev": [{"name": "log", "version": "1.0.0"}]}', 'packages-dev[0]: "log" is not a vendor/name package name'],
    ['a package locked twice', '{"packages": [{"name": "psr/log", "version": "3.0.2"}, {"name": "PSR/Log", "version": "3.0.2"}]}', 'packages[1]: psr/log 3.0.2 is locked twice'],
  ])('refuses %s', (_case, text, reason) => {
    expect(() => readComposerLock(text, 'composer.lock')).toThrow(inputError({ file: 'composer.lock', reason }));
  });
});
