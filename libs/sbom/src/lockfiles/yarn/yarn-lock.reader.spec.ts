import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Inventory } from '../../model/inventory';
import { readYarnLock, readYarnProject } from './yarn-lock.reader';

const fixture = (file: string): string => readFileSync(join(__dirname, 'fixtures', file), 'utf8');
const classicLock = fixture('classic/yarn.lock');
const classicManifest = fixture('classic/package.json');
const berryLock = fixture('berry/yarn.lock');
const berryManifest = fixture('berry/package.json');

/** What a reviewer lists by hand: purl, scope and direct dependencies. */
const summary = (inventory: Inventory) =>
  inventory.components.map(({ purl, version, scope, dependsOn }) => ({ purl, version, scope, dependsOn }));

const STRING_LOCALE_COMPARE = 'pkg:npm/%40isaacs/string-locale-compare@1.1.0';
const DEBUG = 'pkg:npm/debug@4.4.3';
const IS_NUMBER_6 = 'pkg:npm/is-number@6.0.0';
const IS_NUMBER_7 = 'pkg:npm/is-number@7.0.0';
const IS_ODD = 'pkg:npm/is-odd@3.0.1';
const MS_2_0 = 'pkg:npm/ms@2.0.0';
const MS_2_1 = 'pkg:npm/ms@2.1.3';

/** The fixture project with its package.json: same answer from classic and berry. */
const PROJECT_COMPONENTS = [
  { purl: STRING_LOCALE_COMPARE, version: '1.1.0', scope: 'required', dependsOn: [] },
  { purl: DEBUG, version: '4.4.3', scope: 'required', dependsOn: [MS_2_1] },
  { purl: IS_NUMBER_6, version: '6.0.0', scope: 'optional', dependsOn: [] },
  { purl: IS_NUMBER_7, version: '7.0.0', scope: 'dev', dependsOn: [] },
  { purl: IS_ODD, version: '3.0.1', scope: 'optional', dependsOn: [IS_NUMBER_6] },
  { purl: MS_2_0, version: '2.0.0', scope: 'required', dependsOn: [] },
  // A devDependency of the root, but debug needs it at run time.
  { purl: MS_2_1, version: '2.1.3', scope: 'required', dependsOn: [] },
];
const PROJECT_ROOTS = [STRING_LOCALE_COMPARE, DEBUG, IS_NUMBER_7, IS_ODD, MS_2_0, MS_2_1];

describe('readYarnProject', () => {
  describe('classic (yarn 1) lockfile', () => {
    it('lists every resolved package with the scope package.json gives it', () => {
      const inventory = readYarnProject(classicLock, 'yarn.lock', classicManifest);

      expect(summary(inventory)).toEqual(PROJECT_COMPONENTS);
      expect(inventory.roots).toEqual(PROJECT_ROOTS);
    });

    it('gives the tarball hashes: SHA-512 from integrity and SHA-1 from the resolved URL', () => {
      const hashes = Object.fromEntries(readYarnProject(classicLock, 'yarn.lock', classicManifest).components.map((c) => [c.purl, c.hashes]));

      expect(hashes[DEBUG]).toEqual([
        { alg: 'SHA-512', content: '446c305a7c10be455f6af295b76d8518bc3ec5849dcc04709b4aeee83853540dee994e6165cdbc57790ee2cb6062bcab4e52e9baf808f468a28e5b408cd6dca8' },
        { alg: 'SHA-1', content: 'c6ae432d9bd9662582fce08709b038c58e9e3d6a' },
      ]);
      expect(hashes[MS_2_0]).toEqual([
        { alg: 'SHA-512', content: '4e9a7ad0fe885090d3b8eabfe59f1c76c93326e8dfc2a7ce4e4af02308fb211212a679099d3e92c89e0f08f9c63281630bd75d85a979295218b40b7dee2c74e4' },
        { alg: 'SHA-1', content: '5608aeadfc00be6c2901df5f9861788de0d597c8' },
      ]);
    });

    it('names a scoped package by scope and name, with the entry it came from', () => {
      const scoped = readYarnProject(classicLock, 'web/yarn.lock', classicManifest).components[0];

      expect(scoped).toEqual({
        purl: STRING_LOCALE_COMPARE,
        ecosystem: 'npm',
        namespace: '@isaacs',
        name: 'string-locale-compare',
        version: '1.1.0',
        scope: 'required',
        hashes: [
          { alg: 'SHA-512', content: '490ecace187df83f995bd300d33918bf75578480cdc7e2f333a109fbfeb9237418f9e9d4e88b6d7bb1395d7ec45aba8b5b614de27d3a196cc19cfa02ded87669' },
          { alg: 'SHA-1', content: '291c227e93fd407a96ecd59879a35809120e432b' },
        ],
        evidence: 'web/yarn.lock#@isaacs/string-locale-compare@^1.1.0',
        dependsOn: [],
      });
    });

    it('names an npm alias by the package it installs, not by the alias', () => {
      const aliased = readYarnProject(classicLock, 'yarn.lock', classicManifest).components.find((c) => c.purl === MS_2_0);

      expect(aliased).toMatchObject({ name: 'ms', version: '2.0.0', evidence: 'yarn.lock#ms-legacy@npm:ms@2.0.0' });
    });

    it('rejects a package.json dependency the lockfile does not have', () => {
      const manifest = JSON.stringify({ dependencies: { debug: '^4.3.4', chalk: '^5.0.0' } });

      expect(() => readYarnProject(classicLock, 'yarn.lock', manifest)).toThrow('yarn.lock: package.json declares chalk@^5.0.0, which has no entry');
    });

    it('rejects a package.json that is not JSON, naming it and the line', () => {
      expect(() => readYarnProject(classicLock, 'web/yarn.lock', '{\n  "dependencies": {\n    "debug": \n  }\n}\n')).toThrow(
        expect.objectContaining({ name: 'SbomInputError', file: 'web/package.json', position: { line: 4, column: 3 } }),
      );
    });
  });

  describe('berry (yarn 4) lockfile', () => {
    it('gives the same packages and scopes as classic, walking through the workspace package', () => {
      const inventory = readYarnProject(berryLock, 'yarn.lock', berryManifest);

      expect(summary(inventory)).toEqual(PROJECT_COMPONENTS);
      expect(inventory.roots).toEqual(PROJECT_ROOTS);
    });

    it('lists neither workspace as a component', () => {
      const names = readYarnProject(berryLock, 'yarn.lock', berryManifest).components.map((c) => c.name);

      expect(names).not.toContain('yarn-util');
      expect(names).not.toContain('yarn-berry-fixture');
    });

    it('records no hash: berry checksums are of its cache zip, not of the registry tarball', () => {
      const inventory = readYarnProject(berryLock, 'yarn.lock', berryManifest);

      expect(inventory.components.map((c) => c.hashes)).toEqual(PROJECT_COMPONENTS.map(() => []));
      expect(inventory.components[1]).toMatchObject({ purl: DEBUG, evidence: 'yarn.lock#debug@npm:4.4.3' });
    });
  });
});

describe('readYarnLock', () => {
  it('without package.json, takes classic roots from the entries nothing depends on and calls everything required', () => {
    const inventory = readYarnLock(classicLock, 'yarn.lock');

    expect(summary(inventory)).toEqual(PROJECT_COMPONENTS.map((component) => ({ ...component, scope: 'required' })));
    expect(inventory.roots).toEqual([STRING_LOCALE_COMPARE, DEBUG, IS_NUMBER_7, IS_ODD, MS_2_0]);
  });

  it('without package.json, takes berry roots from the workspaces and optional ones from dependenciesMeta', () => {
    const inventory = readYarnLock(berryLock, 'yarn.lock');

    const scopes = Object.fromEntries(inventory.components.map((c) => [c.purl, c.scope]));
    expect(scopes).toEqual({
      [STRING_LOCALE_COMPARE]: 'required',
      [DEBUG]: 'required',
      [IS_NUMBER_6]: 'optional',
      [IS_NUMBER_7]: 'required',
      [IS_ODD]: 'optional',
      [MS_2_0]: 'required',
      [MS_2_1]: 'required',
    });
    expect(inventory.roots).toEqual(PROJECT_ROOTS);
  });

  it('binds berry file: dependencies to their workspace and walks through link: folders', () => {
    const inventory = readYarnLock(fixture('berry-local/yarn.lock'), 'yarn.lock');

    expect(summary(inventory)).toEqual([
      { purl: 'pkg:npm/local-pkg@2.0.0', version: '2.0.0', scope: 'required', dependsOn: [MS_2_1] },
      { purl: MS_2_1, version: '2.1.3', scope: 'required', dependsOn: [] },
    ]);
    expect(inventory.roots).toEqual(['pkg:npm/local-pkg@2.0.0']);
  });

  it('maps a berry patch: resolution to the version of the package it patches', () => {
    const inventory = readYarnLock(BERRY_PATCHED_FSEVENTS, 'yarn.lock');

    expect(summary(inventory)).toEqual([{ purl: 'pkg:npm/fsevents@2.3.3', version: '2.3.3', scope: 'required', dependsOn: [] }]);
    expect(inventory.roots).toEqual(['pkg:npm/fsevents@2.3.3']);
  });
});

// From a real yarn 4.5.3 lockfile (see fixtures/README.md); the root depends on the patched descriptor.
const BERRY_PATCHED_FSEVENTS = `__metadata:
  version: 8
  cacheKey: 10c0

"app@workspace:.":
  version: 0.0.0-use.local
  resolution: "app@workspace:."
  dependencies:
    fsevents: "patch:fsevents@npm%3A^2.3.3#optional!builtin<compat/fsevents>"
  languageName: unknown
  linkType: soft

"fsevents@npm:^2.3.3":
  version: 2.3.3
  resolution: "fsevents@npm:2.3.3"
  checksum: 10c0/a1f0c44595123ed717febbc478aa952e47adfc28e2092be66b8ab1635147254ca6cfe1df792a8997f22716d4cbafc73309899ff7bfac2ac3ad8cf2e4ecc3ec60
  conditions: os=darwin
  languageName: node
  linkType: hard

"fsevents@patch:fsevents@npm%3A^2.3.3#optional!builtin<compat/fsevents>":
  version: 2.3.3
  resolution: "fsevents@patch:fsevents@npm%3A2.3.3#optional!builtin<compat/fsevents>::version=2.3.3&hash=df0bf1"
  checksum: 10c0/6a4a13116649608f65dfd42d5cb66801b08c48db6d8c359bcc32108b043a7c0010fe21a32b9e9324ee568963c496663857a58480618055f083a74fa325278fa2
  conditions: os=darwin
  languageName: node
  linkType: hard
`;
