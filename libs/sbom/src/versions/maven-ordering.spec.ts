import { compareVersions } from './compare-versions';
import { adjacentPairs, equalPairs, expectedClassIndexes, sortedClassIndexes, type OrderedClasses } from './ordering-test-helpers';
import { InvalidVersionError } from './version-errors';

// Every order and equality below was checked against the real
// org.apache.maven.artifact.versioning.ComparableVersion of maven-artifact 3.9.6
// (`java -jar maven-artifact-3.9.6.jar 1-alpha 1-beta …`, and an all-pairs run over ~80
// versions incl. these), so the tests need no Java.
const QUALIFIERS: OrderedClasses = [
  ['1-alpha', '1.0-alpha', '1-ALPHA'],
  ['1-alpha-1', '1-alpha1', '1-a1'],
  ['1-beta', '1-BETA'],
  ['1-b2', '1-beta-2'],
  ['1-milestone'],
  ['1-m1', '1-milestone-1'],
  ['1-rc', '1-cr'],
  ['1-snapshot', '1-SNAPSHOT'],
  ['1', '1-ga', '1-final', '1.0', '1.0.0', '1-release', '1.0.Final', '1-0'],
  ['1-sp'],
  ['1-sp1'],
  ['1-abc'],
  ['1-xyz'],
  ['1-1', '1.0-1'],
  ['1.0.1'],
  ['1.1'],
];

const LOG4J: OrderedClasses = [
  ['2.0-beta9', '2.0-b9'],
  ['2.0'],
  ['2.17.0', '2.17'],
  ['2.17.1-alpha'],
  ['2.17.1-rc1', '2.17.1-RC1', '2.17.1-cr1', '2.17.1.RC1'],
  ['2.17.1-SNAPSHOT'],
  ['2.17.1', '2.17.01', '2.17.1.0'],
  ['2.17.1-1'],
  ['2.17.2'],
];

const BIG_NUMBERS: OrderedClasses = [['999999999', '000999999999'], ['1000000000'], ['999999999999999999'], ['1000000000000000000'], ['99999999999999999999999']];

describe(compareVersions.name, () => {
  describe.each([
    ['qualifiers', QUALIFIERS],
    ['log4j-core releases', LOG4J],
    ['numbers beyond 32 and 64 bits', BIG_NUMBERS],
  ])('maven %s', (_name, classes) => {
    it.each(adjacentPairs(classes))('orders %s before %s', (older, newer) => {
      expect(compareVersions('maven', older, newer)).toBe(-1);
      expect(compareVersions('maven', newer, older)).toBe(1);
    });

    it.each(equalPairs(classes))('treats %s and %s as the same version', (a, b) => {
      expect(compareVersions('maven', a, b)).toBe(0);
      expect(compareVersions('maven', b, a)).toBe(0);
    });

    it('sorts every version into its place', () => {
      expect(sortedClassIndexes('maven', classes)).toEqual(expectedClassIndexes(classes));
    });
  });

  it.each(['', '1.0 beta', '[1.0,2.0)', '<1.0', '1,0'])('rejects %j as a maven version', (version) => {
    expect(() => compareVersions('maven', version, '1.0')).toThrow(InvalidVersionError);
    expect(() => compareVersions('maven', '1.0', version)).toThrow(`not a maven version: ${JSON.stringify(version)}`);
  });
});
