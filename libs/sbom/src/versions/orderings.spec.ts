import type { Ecosystem } from '../model/inventory';
import { compareVersions } from './compare-versions';
import { adjacentPairs, equalPairs, expectedClassIndexes, sortedClassIndexes, type OrderedClasses } from './ordering-test-helpers';
import { InvalidVersionError } from './version-errors';

// Oldest first; each inner list is one version spelled several ways.
const ORDERS: [Ecosystem, string, OrderedClasses][] = [
  // SemVer 2.0 §11's own example, then build metadata and a leading v.
  ['npm', 'SemVer precedence', [
    ['1.0.0-alpha'], ['1.0.0-alpha.1'], ['1.0.0-alpha.beta'], ['1.0.0-beta'], ['1.0.0-beta.2'], ['1.0.0-beta.11'], ['1.0.0-rc.1'],
    ['1.0.0', 'v1.0.0', '1.0.0+build.5'], ['1.0.1'], ['2.0.0-rc.1'], ['2.0.0'],
  ]],
  ['cargo', 'SemVer precedence', [['0.9.0'], ['1.0.0-alpha'], ['1.0.0-alpha.1'], ['1.0.0', '1.0.0+build.1', '1.0.0+other'], ['1.0.1'], ['1.10.0']]],
  // Pseudo-versions are pre-releases: of v0.0.0, of a pre-release (`-pre.0.`), of the next patch (`-0.`).
  ['golang', 'module versions', [
    ['v0.0.0-20210101000000-abcdef123456'], ['v0.0.0-20210102000000-000000000000'], ['v0.0.0'], ['v1.2.3-pre'],
    ['v1.2.3-pre.0.20210101000000-abcdef123456'], ['v1.2.3', '1.2.3'], ['v1.2.4-0.20210101000000-abcdef123456'], ['v1.2.4'],
    ['v2.0.0', 'v2.0.0+incompatible'],
  ]],
  // PEP 440's own summary ordering, spelling normalisation, local versions, epochs.
  ['pypi', 'PEP 440', [
    ['1.0.dev0', '1.0.dev', '1.0-dev0'], ['1.0a1.dev0'], ['1.0a1', '1.0alpha1', '1.0.a1', '1.0-a1', '1.0A1', '1.0a01'], ['1.0a1.post1'],
    ['1.0b1', '1.0beta1'], ['1.0rc1', '1.0c1', '1.0pre1', '1.0preview1'], ['1.0', '1.0.0', 'v1.0', '1'], ['1.0+abc'],
    ['1.0+ubuntu.1', '1.0+ubuntu-1'], ['1.0+ubuntu.2'], ['1.0+1'], ['1.0.post1', '1.0-1', '1.0post1', '1.0.rev1', '1.0r1'],
    ['1.0.1.dev0'], ['1.0.1'], ['1!0.1', '1!0.1.0'], ['2!0.0.1'],
  ]],
  // Checked with `dpkg --compare-versions` on every pair.
  ['deb', 'dpkg', [
    ['1.0~~'], ['1.0~'], ['1.0~rc1', '1.0~rc1-0'], ['1.0', '0:1.0', '1.0-0', '1.00'], ['1.0-1~bpo11+1'], ['1.0-1', '1.0-01'],
    ['1.0-1ubuntu1'], ['1.0-1+b1'], ['1.0-1+deb12u1'], ['1.0-1.1'], ['1.0-2'], ['1.0-10'], ['1.0a'], ['1.0+dfsg-1'], ['1.0.1'],
    ['1:0.9'], ['1:1.0-1', '1:1.0-1'], ['2:0.1'],
  ]],
  // apk-tools test/version.data agrees on each pair it covers.
  ['apk', 'apk-tools', [
    ['1.2.3_alpha'], ['1.2.3_alpha1'], ['1.2.3_beta'], ['1.2.3_pre1'], ['1.2.3_rc1'], ['1.2.3'], ['1.2.3-r0'], ['1.2.3-r1'],
    ['1.2.3_cvs'], ['1.2.3_svn'], ['1.2.3_git20240101'], ['1.2.3_hg'], ['1.2.3_p1'], ['1.2.3_p1-r1'], ['1.2.3_p2'], ['1.2.3a'],
    ['1.2.3b'], ['1.2.3.1'], ['1.2.4'],
  ]],
  ['apk', 'leading zeros after a dot', [['1.001'], ['1.01'], ['1.1'], ['1.10']]],
  // composer/semver normalisation + PHP version_compare.
  ['composer', 'stabilities', [
    ['1.2.3-dev'], ['1.2.3-alpha', '1.2.3-a'], ['1.2.3-alpha1', '1.2.3-a1', '1.2.3alpha1', '1.2.3-ALPHA.1'], ['1.2.3-beta1-dev'],
    ['1.2.3-beta1', '1.2.3-b1', '1.2.3.0-beta1'], ['1.2.3-beta2'], ['1.2.3-beta2.1'], ['1.2.3-RC1', '1.2.3-rc1', '1.2.3-RC.1'], ['1.2.3-RC2'],
    ['1.2.3', 'v1.2.3', '1.2.3.0', '1.2.3-stable', '1.2.3+build.7'], ['1.2.3-patch1', '1.2.3-p1', '1.2.3-pl1'], ['1.2.3.1'], ['1.2.4'],
    ['2', '2.0', 'v2.0.0.0'],
  ]],
];

const INVALID: [Ecosystem, string, string][] = [
  ['npm', '1.0', 'must be SemVer'],
  ['npm', '1.0.0-01', 'must be SemVer'],
  ['cargo', 'v1.0.0', 'cargo versions have no "v" prefix'],
  ['cargo', '01.0.0', 'must be SemVer'],
  ['golang', 'v1.2', 'must be SemVer'],
  ['golang', 'latest', 'must be SemVer'],
  ['pypi', '2.x', 'must be PEP 440'],
  ['pypi', '1.0-beta-1-foo', 'must be PEP 440'],
  ['deb', 'a1.0', 'version number does not start with digit'],
  ['deb', '1.0-', 'revision number is empty'],
  ['deb', 'x:1.0', 'epoch in version is not a number'],
  ['deb', '1:', 'nothing after colon in version number'],
  ['deb', '1.0 1', 'version string has embedded spaces'],
  ['deb', '1.0-1_2', 'invalid character in revision number'],
  ['apk', '1.0bc', 'must be digits{.digits}'],
  ['apk', '1.0_foo', 'must be digits{.digits}'],
  ['apk', '1.0-1', 'must be digits{.digits}'],
  ['apk', 'r1', 'must start with a digit'],
  ['composer', 'dev-main', 'branches like dev-main have no order'],
  ['composer', '2.x-dev', 'must be 1 to 4 numbers'],
  ['composer', '1.2.3.4.5', 'must be 1 to 4 numbers'],
];

describe(compareVersions.name, () => {
  describe.each(ORDERS)('%s (%s)', (ecosystem, _rules, classes) => {
    it.each(adjacentPairs(classes))('orders %s before %s', (older, newer) => {
      expect(compareVersions(ecosystem, older, newer)).toBe(-1);
      expect(compareVersions(ecosystem, newer, older)).toBe(1);
    });

    it.each(equalPairs(classes))('treats %s and %s as the same version', (a, b) => {
      expect(compareVersions(ecosystem, a, b)).toBe(0);
      expect(compareVersions(ecosystem, b, a)).toBe(0);
    });

    it('sorts every version into its place', () => {
      expect(sortedClassIndexes(ecosystem, classes)).toEqual(expectedClassIndexes(classes));
    });
  });

  it.each(INVALID)('rejects %s version %j, saying why', (ecosystem, version, reason) => {
    const compareBadFirst = (): number => compareVersions(ecosystem, version, '1.0.0');
    expect(compareBadFirst).toThrow(InvalidVersionError);
    expect(compareBadFirst).toThrow(`not a ${ecosystem} version: ${JSON.stringify(version)}: `);
    expect(compareBadFirst).toThrow(reason);
    expect(() => compareVersions(ecosystem, '1.0.0', version)).toThrow(InvalidVersionError);
  });
});
