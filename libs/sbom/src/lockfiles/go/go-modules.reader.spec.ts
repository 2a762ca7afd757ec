import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PackageURL } from 'packageurl-js';
import { readGoModules } from './go-modules.reader';

const fixture = (dir: string, file: string): string => readFileSync(join(__dirname, 'fixtures', dir, file), 'utf8');
const inputError = (fields: object): Error => expect.objectContaining({ name: 'SbomInputError', ...fields });

describe(readGoModules.name, () => {
  it('lists every module golang.org/x/crypto v0.4.0 requires, direct ones as roots, without go.sum h1 values as hashes', () => {
    const inventory = readGoModules(fixture('x-crypto', 'go.mod'), 'go.mod', fixture('x-crypto', 'go.sum'));

    expect(inventory.components.map((c) => [c.purl, c.namespace, c.name, c.version, c.scope, c.evidence])).toEqual([
      ['pkg:golang/golang.org/x/net@v0.3.0', 'golang.org/x', 'net', 'v0.3.0', 'required', 'go.mod:6'],
      ['pkg:golang/golang.org/x/sys@v0.3.0', 'golang.org/x', 'sys', 'v0.3.0', 'required', 'go.mod:7'],
      ['pkg:golang/golang.org/x/term@v0.3.0', 'golang.org/x', 'term', 'v0.3.0', 'required', 'go.mod:8'],
      ['pkg:golang/golang.org/x/text@v0.5.0', 'golang.org/x', 'text', 'v0.5.0', 'required', 'go.mod:11'],
    ]);
    expect(inventory.roots).toEqual(['pkg:golang/golang.org/x/net@v0.3.0', 'pkg:golang/golang.org/x/sys@v0.3.0', 'pkg:golang/golang.org/x/term@v0.3.0']);
    expect(inventory.components.every((c) => c.hashes.length === 0 && c.dependsOn.length === 0 && c.ecosystem === 'golang')).toBe(true);
  });

  it('follows replace, leaves out a local directory replacement, and keeps pseudo-versions verbatim', () => {
    const inventory = readGoModules(fixture('replaced', 'go.mod'), 'cli/go.mod', fixture('replaced', 'go.sum'));

    expect(inventory.components.map((c) => c.purl)).toEqual([
      'pkg:golang/github.com/cpuguy83/go-md2man/v2@v2.0.2',
      'pkg:golang/github.com/spf13/pflag@v1.0.5',
      'pkg:golang/golang.org/x/sys@v0.3.0',
      'pkg:golang/golang.org/x/term@v0.3.0',
      'pkg:golang/golang.org/x/text@v0.5.0',
      'pkg:golang/gopkg.in/check.v1@v0.0.0-20161208181325-20d25e280405',
      'pkg:golang/gopkg.in/yaml.v3@v3.0.1',
    ]);
    expect(inventory.components.find((c) => c.name === 'sys')?.evidence).toBe('cli/go.mod:14');
    expect(inventory.roots).toEqual(['pkg:golang/github.com/spf13/pflag@v1.0.5', 'pkg:golang/golang.org/x/term@v0.3.0', 'pkg:golang/gopkg.in/yaml.v3@v3.0.1']);
  });

  it('renders a module path as namespace and last segment, and the purl reads back to the same module and version', () => {
    const inventory = readGoModules('module m\n\ngo 1.22.1\n\nrequire github.com/Azure/go-autorest v14.2.0+incompatible\n', 'go.mod');
    const [component] = inventory.components;

    expect(component).toMatchObject({ purl: 'pkg:golang/github.com/Azure/go-autorest@v14.2.0+incompatible', namespace: 'github.com/Azure', name: 'go-autorest' });
    const parsed = PackageURL.fromString(component.purl);
    expect(`${parsed.namespace ?? ''}/${parsed.name}@${parsed.version ?? ''}`).toBe('github.com/Azure/go-autorest@v14.2.0+incompatible');
  });

  it('drops an excluded requirement, follows a whole-module replace to a fork, and keeps the higher of two requirements', () => {
    const goMod = [
      'module m',
      'go 1.21',
      'require (',
      '\tgolang.org/x/text v0.3.7 // indirect',
      '\t"gopkg.in/yaml.v3" v3.0.0',
      '\tgopkg.in/yaml.v3 v3.0.1 // indirect',
      ')',
      'exclude golang.org/x/text v0.3.7',
      'replace gopkg.in/yaml.v3 => github.com/tollgate-forks/yaml v3.0.2-tg.1',
    ].join('\n');

    expect(readGoModules(goMod, 'go.mod')).toEqual({
      components: [expect.objectContaining({ purl: 'pkg:golang/github.com/tollgate-forks/yaml@v3.0.2-tg.1', version: 'v3.0.2-tg.1', evidence: 'go.mod:6' })],
      roots: ['pkg:golang/github.com/tollgate-forks/yaml@v3.0.2-tg.1'],
    });
  });

  it('refuses a go.mod older than Go 1.17, whose require list leaves modules out (cobra 1.6.1 builds with blackfriday, unlisted)', () => {
    expect(() => readGoModules(fixture('cobra-go1.15', 'go.mod'), 'go.mod')).toThrow(inputError({ file: 'go.mod', position: { line: 3 }, reason: expect.stringMatching(/^go 1\.15: before Go 1\.17/) }));
    expect(() => readGoModules('module m\nrequire a.b/c v1.0.0\n', 'go.mod')).toThrow(inputError({ reason: expect.stringMatching(/^no go directive/) }));
  });

  it('refuses a go.sum that does not vouch for a module that ships', () => {
    const goSum = fixture('x-crypto', 'go.sum').replace(/^golang\.org\/x\/term v0\.3\.0.*\n/gm, '');

    expect(() => readGoModules(fixture('x-crypto', 'go.mod'), 'go.mod', goSum)).toThrow(inputError({ file: 'go.sum', reason: expect.stringContaining('golang.org/x/term@v0.3.0 (required at go.mod:8)') }));
  });

  it.each([
    ['a truncated require block', 'module m\ngo 1.21\nrequire (\n\ta.b/c v1.0.0\n', { line: 3 }],
    ['an unknown directive', 'module m\ngo 1.21\nrequires a.b/c v1.0.0\n', { line: 3, column: 1 }],
    ['a requirement without a version', 'module m\ngo 1.21\nrequire a.b/c\n', { line: 3 }],
    ['a version that is not semver', 'module m\ngo 1.21\nrequire a.b/c 1.0\n', { line: 3 }],
    ['an unterminated quoted path', 'module m\ngo 1.21\nrequire "a.b/c v1.0.0\n', { line: 3, column: 9 }],
  ])('names the line of %s in go.mod', (_case, goMod, position) => {
    expect(() => readGoModules(goMod, 'svc/go.mod')).toThrow(inputError({ file: 'svc/go.mod', position }));
  });

  it('names the line of a truncated go.sum entry', () => {
    const goSum = `${fixture('x-crypto', 'go.sum')}golang.org/x/text v0.5.0 h1:OLmvp0KP`;

    expect(() => readGoModules(fixture('x-crypto', 'go.mod'), 'go.mod', goSum)).toThrow(inputError({ file: 'go.sum', position: { line: 32, column: 1 } }));
  });
});
