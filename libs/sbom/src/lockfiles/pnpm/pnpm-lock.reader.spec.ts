import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Inventory } from '../../model/inventory';
import { readPnpmLock } from './pnpm-lock.reader';

const fixture = (file: string): string => readFileSync(join(__dirname, 'fixtures', file), 'utf8');

/** What a reviewer lists by hand: purl, version, scope and direct dependencies. */
const summary = (inventory: Inventory) =>
  inventory.components.map(({ purl, version, scope, dependsOn }) => ({ purl, version, scope, dependsOn }));

const STRING_LOCALE_COMPARE = 'pkg:npm/%40isaacs/string-locale-compare@1.1.0';
const DEBUG = 'pkg:npm/debug@4.4.3';
const IS_NUMBER_6 = 'pkg:npm/is-number@6.0.0';
const IS_NUMBER_7 = 'pkg:npm/is-number@7.0.0';
const IS_ODD = 'pkg:npm/is-odd@3.0.1';
const MS_2_0 = 'pkg:npm/ms@2.0.0';
const MS_2_1 = 'pkg:npm/ms@2.1.3';

/** The workspace fixture (fixtures/README.md): the same project locked by pnpm 7, 8 and 9. */
const WORKSPACE_COMPONENTS = [
  { purl: STRING_LOCALE_COMPARE, version: '1.1.0', scope: 'required', dependsOn: [] },
  { purl: DEBUG, version: '4.4.3', scope: 'required', dependsOn: [MS_2_1] },
  { purl: IS_NUMBER_6, version: '6.0.0', scope: 'optional', dependsOn: [] },
  { purl: IS_NUMBER_7, version: '7.0.0', scope: 'dev', dependsOn: [] },
  { purl: IS_ODD, version: '3.0.1', scope: 'optional', dependsOn: [IS_NUMBER_6] },
  { purl: MS_2_0, version: '2.0.0', scope: 'required', dependsOn: [] },
  // A devDependency of the root, but debug and the workspace package need it at run time.
  { purl: MS_2_1, version: '2.1.3', scope: 'required', dependsOn: [] },
];
const WORKSPACE_ROOTS = [STRING_LOCALE_COMPARE, DEBUG, IS_NUMBER_7, IS_ODD, MS_2_0, MS_2_1];

/** SHA-512 of each registry tarball, hex of the lockfile's `resolution.integrity`. */
const TARBALL_SHA512: Record<string, string> = {
  [STRING_LOCALE_COMPARE]: '490ecace187df83f995bd300d33918bf75578480cdc7e2f333a109fbfeb9237418f9e9d4e88b6d7bb1395d7ec45aba8b5b614de27d3a196cc19cfa02ded87669',
  [DEBUG]: '446c305a7c10be455f6af295b76d8518bc3ec5849dcc04709b4aeee83853540dee994e6165cdbc57790ee2cb6062bcab4e52e9baf808f468a28e5b408cd6dca8',
  [IS_NUMBER_6]: '5aed551de20b04af0a016254022499417f781a6384e39460ebfe77f1f2b08a5a14bb6d4a9dc1246063eaa1bda8499e66513ef7bcb1ab1d08cac3728c3f07c3ce',
  [IS_NUMBER_7]: 'e350a27e483a7bc4f2952a5db53a5e2d532abd20445734edb47bc4443ef8d7ea6767c00dbf4d34e0c44be3740a3c394af5c1af369e8d6566540656c65d8c719e',
  [IS_ODD]: '090a6758fac3c263f5f923075d986d2ed26ff74ca2c957e5b86b17e62342564ae142d5374d01ec5163c6f7091d93d2e0779c8da4083d8d0128f7408169781630',
  [MS_2_0]: '4e9a7ad0fe885090d3b8eabfe59f1c76c93326e8dfc2a7ce4e4af02308fb211212a679099d3e92c89e0f08f9c63281630bd75d85a979295218b40b7dee2c74e4',
  [MS_2_1]: 'e85973b9b4cb646dc9d9afcd542025784863ceae68c601f268253dc985ef70bb2fa1568726afece715c8ebf5d73fab73ed1f7100eb479d23bfb57b45dd645394',
};

describe(readPnpmLock.name, () => {
  describe.each([
    ['v9 (pnpm 9)', 'v9/pnpm-lock.yaml', 'pnpm-lock.yaml#debug@4.4.3'],
    ['v6 (pnpm 8)', 'v6/pnpm-lock.yaml', 'pnpm-lock.yaml#/debug@4.4.3'],
    ['v5.4 (pnpm 7)', 'v5/pnpm-lock.yaml', 'pnpm-lock.yaml#/debug/4.4.3'],
  ])('lockfile %s', (_format, file, debugEvidence) => {
    const inventory = readPnpmLock(fixture(file), 'pnpm-lock.yaml');

    it('lists every package with the scope its importers give it', () => {
      expect(summary(inventory)).toEqual(WORKSPACE_COMPONENTS);
    });

    it("takes the roots from every importer's direct dependencies, walking through the linked workspace package", () => {
      expect(inventory.roots).toEqual(WORKSPACE_ROOTS);
      expect(inventory.components.map((c) => c.name)).not.toContain('pnpm-util');
    });

    it('gives each tarball its SHA-512 from resolution.integrity', () => {
      expect(Object.fromEntries(inventory.components.map((c) => [c.purl, c.hashes]))).toEqual(
        Object.fromEntries(Object.entries(TARBALL_SHA512).map(([purl, content]) => [purl, [{ alg: 'SHA-512', content }]])),
      );
    });

    it('names scoped and aliased packages by the package installed, with the entry they came from', () => {
      expect(inventory.components[0]).toMatchObject({ ecosystem: 'npm', namespace: '@isaacs', name: 'string-locale-compare', version: '1.1.0' });
      expect(inventory.components.find((c) => c.purl === MS_2_0)).toMatchObject({ name: 'ms', version: '2.0.0' });
      expect(inventory.components.find((c) => c.purl === DEBUG)?.evidence).toBe(debugEvidence);
    });
  });

  it('maps a peer-suffixed snapshot to the plain package purl, keeping the peer as a dependency', () => {
    const inventory = readPnpmLock(fixture('v9-peers/pnpm-lock.yaml'), 'pnpm-lock.yaml');

    expect(summary(inventory)).toEqual([
      { purl: 'pkg:npm/js-tokens@4.0.0', version: '4.0.0', scope: 'required', dependsOn: [] },
      { purl: 'pkg:npm/loose-envify@1.4.0', version: '1.4.0', scope: 'required', dependsOn: ['pkg:npm/js-tokens@4.0.0'] },
      { purl: 'pkg:npm/react@18.3.1', version: '18.3.1', scope: 'required', dependsOn: ['pkg:npm/loose-envify@1.4.0'] },
      { purl: 'pkg:npm/use-sync-external-store@1.2.0', version: '1.2.0', scope: 'required', dependsOn: ['pkg:npm/react@18.3.1'] },
    ]);
    expect(inventory.roots).toEqual(['pkg:npm/react@18.3.1', 'pkg:npm/use-sync-external-store@1.2.0']);
    expect(inventory.components[3]?.evidence).toBe('pnpm-lock.yaml#use-sync-external-store@1.2.0(react@18.3.1)');
  });
});
