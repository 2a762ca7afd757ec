import type { Ecosystem } from '../model/inventory';
import { InvalidVersionError, VersionRangeError } from './version-errors';
import { parseRange } from './version-range';

// [ecosystem, range, versions inside, versions outside] — at the exact boundary of each ordering.
const BOUNDARIES: [Ecosystem, string, string[], string[]][] = [
  ['maven', '<2.17.1', ['2.17.1-rc1', '2.17.1.RC1', '2.17.1-SNAPSHOT', '2.17.0', '2.0-beta9'], ['2.17.1', '2.17.1.0', '2.17.1-ga', '2.17.1-sp1', '2.17.1-1', '2.17.2']],
  ['maven', '>=2.0-beta9, <2.15.0 || =2.16.0', ['2.0-beta9', '2.0', '2.14.1', '2.16.0', '2.16'], ['2.0-beta8', '2.0-alpha1', '2.15.0', '2.15.0.0', '2.16.1']],
  ['maven', '>=1.0 !=1.3 <2.0', ['1.0', '1.3.1', '1.3-sp', '1.99'], ['1.3', '1.3.0', '1.3-final', '2.0', '0.9']],
  ['npm', '<2.0.0', ['2.0.0-rc.1', '2.0.0-0', '1.9.9'], ['2.0.0', '2.0.0+build.1', '2.0.1']],
  ['npm', '>=1.2.3,<1.2.4 || =3.0.0', ['1.2.3', '1.2.4-alpha', '3.0.0'], ['1.2.3-rc.1', '1.2.4', '3.0.0-rc.1']],
  ['npm', '^1.2.0', ['1.2.0', '1.9.9', '1.9.9-beta.1'], ['1.2.0-rc.1', '1.1.9', '2.0.0-0', '2.0.0']],
  ['npm', '~1.2', ['1.2.0-0', '1.2.0', '1.2.9'], ['1.1.9', '1.3.0-0', '1.3.0']],
  ['npm', '1.x', ['1.0.0', '1.99.0', '1.99.0-beta'], ['0.9.0', '2.0.0-0', '2.0.0']],
  ['npm', '1.2.3 - 2.3.4', ['1.2.3', '2.3.4', '2.3.4+build'], ['1.2.2', '2.3.5-0', '2.3.5']],
  ['pypi', '<2.0', ['2.0rc1', '2.0.dev0', '2.0a1.post1', '1.9.post1', '1.9+local'], ['2.0', '2.0.0', '2.0+local', '2.0.post1', '1!0.1']],
  ['pypi', '>=1.0.post1', ['1.0.post1', '1.0-1', '1.0.1.dev0'], ['1.0', '1.0+ubuntu.1', '1.0rc1']],
  ['golang', '>=v1.2.3, <v2.0.0', ['v1.2.3', '1.2.3', 'v1.2.4-0.20210101000000-abcdef123456', 'v1.99.0'], ['v1.2.3-pre.0.20210101000000-abcdef123456', 'v2.0.0', 'v2.0.0+incompatible']],
  ['golang', '<v0.0.0-20210102000000-000000000000', ['v0.0.0-20210101235959-ffffffffffff'], ['v0.0.0-20210102000000-000000000000', 'v0.0.0']],
  ['cargo', '>=1.0.0 <1.1.0', ['1.0.0', '1.0.9', '1.1.0-alpha'], ['1.0.0-alpha', '1.1.0']],
  ['deb', '<1.0-1+deb12u1', ['1.0-1', '1.0~rc1', '1.0', '0:1.0-1'], ['1.0-1+deb12u1', '1.0-1+deb12u2', '1.0-2', '1:0.9']],
  ['deb', '>=1.0', ['1.0', '1.0-0', '1.0+dfsg-1', '1:0.1'], ['1.0~rc1', '0.9-9']],
  ['apk', '<1.2.3-r1', ['1.2.3_rc1', '1.2.3', '1.2.3-r0'], ['1.2.3-r1', '1.2.3_p1', '1.2.3a', '1.2.4']],
  ['composer', '<1.2.3', ['1.2.3-RC2', '1.2.3-beta1', '1.2.3-dev', '1.2.2.99'], ['1.2.3', 'v1.2.3', '1.2.3.0', '1.2.3-p1']],
];

describe(parseRange.name, () => {
  describe.each(BOUNDARIES)('%s %j', (ecosystem, range, inside, outside) => {
    const parsed = parseRange(ecosystem, range);

    it.each(inside)('contains %s', (version) => {
      expect(parsed.contains(version)).toBe(true);
    });

    it.each(outside)('does not contain %s', (version) => {
      expect(parsed.contains(version)).toBe(false);
    });
  });

  it('keeps the ecosystem and the range as given', () => {
    const range = parseRange('maven', ' <2.17.1 ');
    expect({ ecosystem: range.ecosystem, source: range.source }).toEqual({ ecosystem: 'maven', source: ' <2.17.1 ' });
  });

  it('accepts whitespace around operators and separators', () => {
    const range = parseRange('maven', '  >= 1.0 ,  < 2.0   ||   = 3.0  ');
    expect(['1.0', '1.5', '3.0'].map((v) => range.contains(v))).toEqual([true, true, true]);
    expect(['0.9', '2.0', '3.1'].map((v) => range.contains(v))).toEqual([false, false, false]);
  });

  it('throws InvalidVersionError when asked about a version its ecosystem cannot parse', () => {
    expect(() => parseRange('deb', '<2.0').contains('v2')).toThrow(InvalidVersionError);
    expect(() => parseRange('npm', '^1.2.0').contains('1.2')).toThrow(new InvalidVersionError('npm', '1.2', 'must be SemVer MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD] (e.g. 1.2.3-rc.1)'));
  });

  // [ecosystem, range, 0-based offset, expected]
  const BAD_RANGES: [Ecosystem, string, number, string][] = [
    ['maven', '', 0, 'a comparator (<, <=, >, >=, =, != then a version, or a bare version)'],
    ['maven', '   ', 3, 'a comparator (<, <=, >, >=, =, != then a version, or a bare version)'],
    ['maven', '<', 1, 'a version after "<"'],
    ['maven', '>= ', 3, 'a version after ">="'],
    ['maven', '=>1.0', 1, 'a version after "="'],
    ['maven', '<2.0 ||', 7, 'a comparator (<, <=, >, >=, =, != then a version, or a bare version) after "||"'],
    ['maven', '<2.0 || || >3', 8, 'a comparator (<, <=, >, >=, =, != then a version, or a bare version) after "||"'],
    ['maven', '<1.0,', 5, 'a comparator (<, <=, >, >=, =, != then a version, or a bare version) after ","'],
    ['maven', '>=1.0,,<2', 6, 'a comparator (<, <=, >, >=, =, != then a version, or a bare version) after ","'],
    ['maven', '<1.0 | >2', 5, '"||" (a lone "|" is not an operator)'],
    ['maven', '!1.0', 0, '"!=" (a lone "!" is not an operator)'],
    ['maven', '<1.0<2.0', 4, 'whitespace, ",", "||" or the end of the range'],
    ['maven', '[1.0,2.0)', 0, 'a maven version; "[1.0" may hold only letters, digits and . - _ + ~ (e.g. 2.17.1 or 1.0-SNAPSHOT)'],
    ['pypi', '<2.x', 1, 'a pypi version; "2.x" must be PEP 440: [N!]N(.N)*[{a|b|rc}N][.postN][.devN][+local], e.g. 1!2.0rc1.post2.dev3+local.7'],
    ['deb', '>=1.0 <x1', 7, 'a deb version; "x1" version number does not start with digit'],
    ['golang', '<v1.2', 1, 'a golang version; "v1.2" must be SemVer MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD] (e.g. v1.2.3 or v0.0.0-20210101000000-abcdef123456)'],
    // npm: neither the shared grammar nor node-semver; the shared grammar's error is reported.
    ['npm', '^1.2.0 ||', 9, 'a comparator (<, <=, >, >=, =, != then a version, or a bare version) after "||"'],
    ['npm', 'latest', 0, 'a npm version; "latest" must be SemVer MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD] (e.g. 1.2.3-rc.1)'],
    ['npm', '', 0, 'a comparator (<, <=, >, >=, =, != then a version, or a bare version)'],
  ];

  it.each(BAD_RANGES)('rejects %s range %j at offset %d, saying what was expected', (ecosystem, range, offset, expected) => {
    let thrown: unknown;
    try {
      parseRange(ecosystem, range);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(VersionRangeError);
    expect(thrown).toMatchObject({ code: 'VERSION_RANGE_INVALID', range, offset, expected });
    expect((thrown as Error).message).toBe(`bad version range ${JSON.stringify(range)} at column ${offset + 1}: expected ${expected}`);
  });
});
