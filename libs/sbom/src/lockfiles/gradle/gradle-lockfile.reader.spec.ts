import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readGradleLockfile } from './gradle-lockfile.reader';

const gradleLockfile = readFileSync(join(__dirname, 'fixtures', 'gradle.lockfile'), 'utf8');
const inputError = (fields: object): Error => expect.objectContaining({ name: 'SbomInputError', ...fields });

describe(readGradleLockfile.name, () => {
  it('lists every locked module as a maven purl, dev when only test configurations resolve it', () => {
    const inventory = readGradleLockfile(gradleLockfile, 'app/gradle.lockfile');

    expect(inventory.components.map((c) => [c.purl, c.namespace, c.name, c.version, c.scope, c.evidence])).toEqual([
      ['pkg:maven/com.fasterxml.jackson.core/jackson-annotations@2.17.2', 'com.fasterxml.jackson.core', 'jackson-annotations', '2.17.2', 'required', 'app/gradle.lockfile:4'],
      ['pkg:maven/com.fasterxml.jackson.core/jackson-core@2.17.2', 'com.fasterxml.jackson.core', 'jackson-core', '2.17.2', 'required', 'app/gradle.lockfile:5'],
      ['pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.17.2', 'com.fasterxml.jackson.core', 'jackson-databind', '2.17.2', 'required', 'app/gradle.lockfile:6'],
      ['pkg:maven/com.fasterxml.jackson/jackson-bom@2.17.2', 'com.fasterxml.jackson', 'jackson-bom', '2.17.2', 'required', 'app/gradle.lockfile:7'],
      ['pkg:maven/org.apiguardian/apiguardian-api@1.1.2', 'org.apiguardian', 'apiguardian-api', '1.1.2', 'dev', 'app/gradle.lockfile:8'],
      ['pkg:maven/org.junit.jupiter/junit-jupiter-api@5.11.3', 'org.junit.jupiter', 'junit-jupiter-api', '5.11.3', 'dev', 'app/gradle.lockfile:9'],
      ['pkg:maven/org.junit.platform/junit-platform-commons@1.11.3', 'org.junit.platform', 'junit-platform-commons', '1.11.3', 'dev', 'app/gradle.lockfile:10'],
      ['pkg:maven/org.junit/junit-bom@5.11.3', 'org.junit', 'junit-bom', '5.11.3', 'dev', 'app/gradle.lockfile:11'],
      ['pkg:maven/org.opentest4j/opentest4j@1.3.0', 'org.opentest4j', 'opentest4j', '1.3.0', 'dev', 'app/gradle.lockfile:12'],
      ['pkg:maven/org.slf4j/slf4j-api@2.0.16', 'org.slf4j', 'slf4j-api', '2.0.16', 'required', 'app/gradle.lockfile:13'],
    ]);
    expect(inventory.components.every((c) => c.ecosystem === 'maven' && c.hashes.length === 0 && c.dependsOn.length === 0)).toBe(true);
    expect(inventory.roots).toEqual([]);
  });

  it("treats Android's and custom test source sets as test configurations, and anything else as shipped", () => {
    const lockfile = [
      'androidx.test:core:1.6.1=debugAndroidTestRuntimeClasspath,debugUnitTestRuntimeClasspath,integrationTestCompileClasspath',
      'com.squareup.okio:okio:3.9.1=releaseRuntimeClasspath,testRuntimeClasspath',
      'org.projectlombok:lombok:1.18.34=annotationProcessor',
      'empty=',
    ].join('\n');

    expect(readGradleLockfile(lockfile, 'gradle.lockfile').components.map((c) => [c.name, c.scope])).toEqual([
      ['core', 'dev'],
      ['okio', 'required'],
      ['lombok', 'required'],
    ]);
  });

  it('refuses a lockfile cut short before its "empty=" line', () => {
    const truncated = gradleLockfile.slice(0, gradleLockfile.indexOf('org.slf4j'));

    expect(() => readGradleLockfile(truncated, 'gradle.lockfile')).toThrow(inputError({ reason: expect.stringMatching(/^truncated/) }));
  });

  it.each([
    ['a line cut inside an entry', gradleLockfile.replace('org.slf4j:slf4j-api:2.0.16=compileClasspath,runtimeClasspath,testCompileClasspath,testRuntimeClasspath', 'org.slf4j:slf4j-api'), { line: 13, column: 1 }],
    ['an entry of no configuration', gradleLockfile.replace('1.3.0=testCompileClasspath,testRuntimeClasspath', '1.3.0='), { line: 12, column: 33 }],
    ['an entry after the "empty=" line', `${gradleLockfile}org.slf4j:slf4j-simple:2.0.16=runtimeClasspath\n`, { line: 15, column: 1 }],
    ['a module locked twice', gradleLockfile.replace('empty=', 'org.slf4j:slf4j-api:2.0.16=runtimeClasspath\nempty='), { line: 14, column: 1 }],
  ])('names the line of %s', (_case, text, position) => {
    expect(() => readGradleLockfile(text, 'app/gradle.lockfile')).toThrow(inputError({ file: 'app/gradle.lockfile', position }));
  });
});
