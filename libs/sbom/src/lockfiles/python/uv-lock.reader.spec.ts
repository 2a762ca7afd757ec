import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readUvLock } from './uv-lock.reader';

const uvLock = readFileSync(join(__dirname, 'fixtures', 'uv.lock'), 'utf8');
const inputError = (fields: object): Error => expect.objectContaining({ name: 'SbomInputError', ...fields });
// The fixture's stand-in hashes are the SHA-256 of each file's name (fixtures/README.md).
const standIn = (file: string): { alg: 'SHA-256'; content: string } => ({ alg: 'SHA-256', content: createHash('sha256').update(file).digest('hex') });

describe(readUvLock.name, () => {
  it('lists every locked package but the project itself, scoped by how the project reaches it', () => {
    const inventory = readUvLock(uvLock, 'uv.lock');

    expect(inventory.components.map((c) => [c.purl, c.scope, c.evidence])).toEqual([
      ['pkg:pypi/anyio@4.6.2.post1', 'required', 'uv.lock:5'],
      ['pkg:pypi/idna@3.10', 'required', 'uv.lock:18'],
      ['pkg:pypi/ruff@0.7.1', 'dev', 'uv.lock:55'],
      ['pkg:pypi/sniffio@1.3.1', 'required', 'uv.lock:65'],
      ['pkg:pypi/socksio@1.0.0', 'optional', 'uv.lock:74'],
    ]);
    expect(inventory.roots).toEqual(['pkg:pypi/anyio@4.6.2.post1', 'pkg:pypi/ruff@0.7.1', 'pkg:pypi/socksio@1.0.0']);
  });

  it('gives a package its dependency edges and the SHA-256 of its sdist and of every wheel', () => {
    const components = readUvLock(uvLock, 'uv.lock').components;

    expect(components.find((c) => c.name === 'anyio')?.dependsOn).toEqual(['pkg:pypi/idna@3.10', 'pkg:pypi/sniffio@1.3.1']);
    expect(components.find((c) => c.name === 'ruff')?.hashes).toEqual(
      [standIn('ruff-0.7.1-py3-none-manylinux_2_17_aarch64.manylinux2014_aarch64.whl'), standIn('ruff-0.7.1-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl'), standIn('ruff-0.7.1.tar.gz')].sort((a, b) => (a.content < b.content ? -1 : 1)),
    );
  });

  it('follows a requested extra, tells two versions of one name apart, and leaves out the members of a virtual workspace', () => {
    const lock = [
      'version = 1',
      '[manifest]',
      'members = ["api", "Shared_Lib"]',
      '[[package]]',
      'name = "api"',
      'version = "1.0.0"',
      'source = { editable = "packages/api" }',
      'dependencies = [{ name = "shared-lib" }, { name = "httpx", extra = ["http2"] }, { name = "numpy", version = "2.1.0" }]',
      '[[package]]',
      'name = "shared-lib"',
      'version = "0.1.0"',
      'source = { editable = "packages/shared" }',
      'dependencies = [{ name = "numpy", version = "1.26.4" }]',
      '[[package]]',
      'name = "httpx"',
      'version = "0.27.2"',
      'source = { registry = "https://pypi.org/simple" }',
      '[package.optional-dependencies]',
      'http2 = [{ name = "h2" }]',
      'brotli = [{ name = "brotli" }]',
      ...['h2 4.1.0', 'numpy 2.1.0', 'numpy 1.26.4'].flatMap((p) => ['[[package]]', `name = "${p.split(' ')[0]}"`, `version = "${p.split(' ')[1]}"`, 'source = { registry = "https://pypi.org/simple" }']),
    ].join('\n');

    const inventory = readUvLock(lock, 'uv.lock');

    expect(inventory.components.map((c) => [c.purl, c.scope, c.dependsOn])).toEqual([
      ['pkg:pypi/h2@4.1.0', 'required', []],
      ['pkg:pypi/httpx@0.27.2', 'required', ['pkg:pypi/h2@4.1.0']],
      ['pkg:pypi/numpy@1.26.4', 'required', []],
      ['pkg:pypi/numpy@2.1.0', 'required', []],
    ]);
    expect(inventory.roots).toEqual(['pkg:pypi/httpx@0.27.2', 'pkg:pypi/numpy@1.26.4', 'pkg:pypi/numpy@2.1.0']);
  });

  it('refuses a lock cut short before a package that another depends on, naming the dependent', () => {
    const truncated = uvLock.slice(0, uvLock.indexOf('[[package]]\nname = "socksio"'));

    expect(() => readUvLock(truncated, 'uv.lock')).toThrow(inputError({ reason: 'package infusion-sync depends on socksio, which the lock does not hold (truncated?)', position: { line: 27 } }));
  });

  it('names the line and column of a TOML syntax error', () => {
    const cut = uvLock.slice(0, uvLock.indexOf('{ name = "sniffio" }') + 6);

    expect(() => readUvLock(cut, 'app/uv.lock')).toThrow(inputError({ file: 'app/uv.lock', position: { line: 11, column: 7 } }));
  });

  it('refuses a TOML file that is not a uv.lock', () => {
    expect(() => readUvLock('[tool.uv]\ndev-dependencies = []\n', 'pyproject.toml')).toThrow(inputError({ reason: 'not a uv.lock: no top-level "version"' }));
  });
});
