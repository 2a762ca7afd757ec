import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Inventory } from '../../model/inventory';
import { readNpmLock } from './npm-lock.reader';

const fixture = (file: string): string => readFileSync(join(__dirname, 'fixtures', file), 'utf8');

/** What a reviewer lists by hand: purl, version, scope and direct dependencies. */
const summary = (inventory: Inventory) => inventory.components.map(({ purl, version, scope, dependsOn }) => ({ purl, version, scope, dependsOn }));

const STRING_LOCALE_COMPARE = 'pkg:npm/%40isaacs/string-locale-compare@1.1.0';
const DEBUG = 'pkg:npm/debug@4.4.3';
const IS_NUMBER_6 = 'pkg:npm/is-number@6.0.0';
const IS_NUMBER_7 = 'pkg:npm/is-number@7.0.0';
const IS_ODD = 'pkg:npm/is-odd@3.0.1';
const JS_TOKENS = 'pkg:npm/js-tokens@4.0.0';
const LEFT_PAD = 'pkg:npm/left-pad@1.3.0';
const LOOSE_ENVIFY = 'pkg:npm/loose-envify@1.4.0';
const MS_2_0 = 'pkg:npm/ms@2.0.0';
const MS_2_1 = 'pkg:npm/ms@2.1.3';

/** The project of fixtures/README.md, locked by npm 11 (v3), npm 11 --lockfile-version 2 and npm 6 (v1). */
const COMPONENTS = [
  { purl: STRING_LOCALE_COMPARE, version: '1.1.0', scope: 'required', dependsOn: [] },
  // debug needs ms@^2.1.3, nested under it because the root pins ms@2.0.0 at the top.
  { purl: DEBUG, version: '4.4.3', scope: 'required', dependsOn: [MS_2_1] },
  { purl: IS_NUMBER_6, version: '6.0.0', scope: 'optional', dependsOn: [] },
  { purl: IS_NUMBER_7, version: '7.0.0', scope: 'dev', dependsOn: [] },
  { purl: IS_ODD, version: '3.0.1', scope: 'optional', dependsOn: [IS_NUMBER_6] },
  { purl: JS_TOKENS, version: '4.0.0', scope: 'required', dependsOn: [] },
  // Installed as `left` (`npm:left-pad@1.3.0`): the component is the real package.
  { purl: LEFT_PAD, version: '1.3.0', scope: 'required', dependsOn: [] },
  { purl: LOOSE_ENVIFY, version: '1.4.0', scope: 'required', dependsOn: [JS_TOKENS] },
  { purl: MS_2_0, version: '2.0.0', scope: 'required', dependsOn: [] },
  { purl: MS_2_1, version: '2.1.3', scope: 'required', dependsOn: [] },
];
/** The root's dependencies, devDependencies and optionalDependencies; js-tokens is only loose-envify's, hoisted. */
const ROOTS = [STRING_LOCALE_COMPARE, DEBUG, IS_NUMBER_7, IS_ODD, LEFT_PAD, LOOSE_ENVIFY, MS_2_0];

/** SHA-512 of each registry tarball: the hex of the lockfile's `integrity`. */
const TARBALL_SHA512: Record<string, string> = {
  [STRING_LOCALE_COMPARE]: '490ecace187df83f995bd300d33918bf75578480cdc7e2f333a109fbfeb9237418f9e9d4e88b6d7bb1395d7ec45aba8b5b614de27d3a196cc19cfa02ded87669',
  [DEBUG]: '446c305a7c10be455f6af295b76d8518bc3ec5849dcc04709b4aeee83853540dee994e6165cdbc57790ee2cb6062bcab4e52e9baf808f468a28e5b408cd6dca8',
  [IS_NUMBER_6]: '5aed551de20b04af0a016254022499417f781a6384e39460ebfe77f1f2b08a5a14bb6d4a9dc1246063eaa1bda8499e66513ef7bcb1ab1d08cac3728c3f07c3ce',
  [IS_NUMBER_7]: 'e350a27e483a7bc4f2952a5db53a5e2d532abd20445734edb47bc4443ef8d7ea6767c00dbf4d34e0c44be3740a3c394af5c1af369e8d6566540656c65d8c719e',
  [IS_ODD]: '090a6758fac3c263f5f923075d986d2ed26ff74ca2c957e5b86b17e62342564ae142d5374d01ec5163c6f7091d93d2e0779c8da4083d8d0128f7408169781630',
  [JS_TOKENS]: '45d2547e5704ddc5332a232a420b02bb4e853eef5474824ed1b7986cf84737893a6a9809b627dca02b53f5b7313a9601b690f690233a49bce0e026aeb16fcf29',
  [LEFT_PAD]: '5c8e4c3f354d0298c0ca1433a615fc06498ab0a5310f82ddc8adb88997901a29c137dc93413ddb165081cbf695c761eb35ca901ac768b7c821ae3cabbcc0a810',
  [LOOSE_ENVIFY]: '972bb13c6aff59f86b95e9b608bfd472751cd7372a280226043cee918ed8e45ff242235d928ebe7d12debe5c351e03324b0edfeb5d54218e34f04b71452a0add',
  [MS_2_0]: '4e9a7ad0fe885090d3b8eabfe59f1c76c93326e8dfc2a7ce4e4af02308fb211212a679099d3e92c89e0f08f9c63281630bd75d85a979295218b40b7dee2c74e4',
  [MS_2_1]: 'e85973b9b4cb646dc9d9afcd542025784863ceae68c601f268253dc985ef70bb2fa1568726afece715c8ebf5d73fab73ed1f7100eb479d23bfb57b45dd645394',
};

describe(readNpmLock.name, () => {
  describe.each([
    ['v3 (npm 11)', 'v3/package-lock.json'],
    ['v2 (npm 11 --lockfile-version 2)', 'v2/package-lock.json'],
    ['v1 (npm 6)', 'v1/package-lock.json'],
  ])('lockfileVersion %s', (_format, file) => {
    const inventory = readNpmLock(fixture(file), 'package-lock.json');

    it('lists one component per installed name@version with the scope npm recorded', () => {
      expect(summary(inventory)).toEqual(COMPONENTS);
    });

    it("takes the roots from the project's own dependencies, not from hoisted transitive ones", () => {
      expect(inventory.roots).toEqual(ROOTS);
    });

    it('gives each tarball its SHA-512 in hex', () => {
      expect(Object.fromEntries(inventory.components.map((c) => [c.purl, c.hashes]))).toEqual(
        Object.fromEntries(Object.entries(TARBALL_SHA512).map(([purl, content]) => [purl, [{ alg: 'SHA-512', content }]])),
      );
    });

    it('names scoped and nested packages with the path they were installed at', () => {
      expect(inventory.components[0]).toMatchObject({ ecosystem: 'npm', namespace: '@isaacs', name: 'string-locale-compare', version: '1.1.0', evidence: 'package-lock.json#node_modules/@isaacs/string-locale-compare' });
      expect(inventory.components.find((c) => c.purl === IS_NUMBER_6)?.evidence).toBe('package-lock.json#node_modules/is-odd/node_modules/is-number');
      expect(inventory.components.find((c) => c.purl === LEFT_PAD)).toMatchObject({ name: 'left-pad', evidence: 'package-lock.json#node_modules/left' });
    });
  });

  it('keeps the declared licence that v2 and v3 lockfiles record', () => {
    const inventory = readNpmLock(fixture('v3/package-lock.json'), 'package-lock.json');

    expect(Object.fromEntries(inventory.components.map((c) => [c.name, c.license]))).toEqual({
      'string-locale-compare': 'ISC',
      debug: 'MIT',
      'is-number': 'MIT',
      'is-odd': 'MIT',
      'js-tokens': 'MIT',
      'left-pad': 'WTFPL',
      'loose-envify': 'MIT',
      ms: 'MIT',
    });
  });

  describe('with workspaces', () => {
    const inventory = readNpmLock(fixture('workspaces/package-lock.json'), 'package-lock.json');

    it('lists registry packages only, never the workspace packages', () => {
      expect(summary(inventory)).toEqual([
        { purl: DEBUG, version: '4.4.3', scope: 'required', dependsOn: [MS_2_1] },
        { purl: IS_NUMBER_7, version: '7.0.0', scope: 'dev', dependsOn: [] },
        { purl: MS_2_0, version: '2.0.0', scope: 'required', dependsOn: [] },
        { purl: MS_2_1, version: '2.1.3', scope: 'required', dependsOn: [] },
      ]);
      expect(inventory.components.map((c) => c.name)).not.toContain('app');
      expect(inventory.components.map((c) => c.name)).not.toContain('util');
    });

    it("takes the roots from the root's and each workspace package's dependencies, resolving packages/util's ms in its own node_modules", () => {
      // root: ms@2.0.0, is-number (dev); @fixture/app: debug (and @fixture/util, own code); @fixture/util: ms@^2.1.3.
      expect(inventory.roots).toEqual([DEBUG, IS_NUMBER_7, MS_2_0, MS_2_1]);
    });
  });

  it('resolves each dependency to its nearest placement: own node_modules, then each ancestor, a sibling never', () => {
    // ms at three levels; b (inside a) has its own, c (inside a) sees a's, d (top) sees the root's; e's ms is not installed.
    const entry = (version: string, dependencies?: Record<string, string>) => ({ version, integrity: `sha512-${Buffer.alloc(64, version.length).toString('base64')}`, ...(dependencies && { dependencies }) });
    const lock = {
      lockfileVersion: 3,
      packages: {
        '': { dependencies: { a: '1', d: '1', e: '1' } },
        'node_modules/a': entry('1.0.0', { b: '1', c: '1', ms: '2' }),
        'node_modules/a/node_modules/ms': entry('2.0.0'),
        'node_modules/a/node_modules/b': entry('1.0.0', { ms: '3' }),
        'node_modules/a/node_modules/b/node_modules/ms': entry('3.0.0'),
        'node_modules/a/node_modules/c': entry('1.0.0', { ms: '2' }),
        'node_modules/d': entry('1.0.0', { ms: '1' }),
        'node_modules/ms': entry('1.0.0'),
        'node_modules/e/node_modules/x': entry('1.0.0'),
        'node_modules/e': entry('1.0.0', { ms: '1', y: '1' }),
      },
    };
    const deps = Object.fromEntries(readNpmLock(JSON.stringify(lock), 'package-lock.json').components.map((c) => [c.purl, c.dependsOn]));
    expect(deps).toEqual({
      'pkg:npm/a@1.0.0': ['pkg:npm/b@1.0.0', 'pkg:npm/c@1.0.0', 'pkg:npm/ms@2.0.0'],
      'pkg:npm/b@1.0.0': ['pkg:npm/ms@3.0.0'],
      'pkg:npm/c@1.0.0': ['pkg:npm/ms@2.0.0'],
      'pkg:npm/d@1.0.0': ['pkg:npm/ms@1.0.0'],
      'pkg:npm/e@1.0.0': ['pkg:npm/ms@1.0.0'],
      'pkg:npm/ms@1.0.0': [],
      'pkg:npm/ms@2.0.0': [],
      'pkg:npm/ms@3.0.0': [],
      'pkg:npm/x@1.0.0': [],
    });
  });
});
