import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCargoLock } from './cargo-lock.reader';

const cargoLock = readFileSync(join(__dirname, 'fixtures', 'Cargo.lock'), 'utf8');
const inputError = (fields: object): Error => expect.objectContaining({ name: 'SbomInputError', ...fields });
const CRATES_IO = 'registry+https://github.com/rust-lang/crates.io-index';

describe(readCargoLock.name, () => {
  it("lists the registry crates but not the workspace's own, whose dependencies are the roots", () => {
    const inventory = readCargoLock(cargoLock, 'Cargo.lock');

    expect(inventory.components.map((c) => [c.purl, c.version, c.scope, c.evidence])).toEqual([
      ['pkg:cargo/bitflags@1.3.2', '1.3.2', 'required', 'Cargo.lock:5'],
      ['pkg:cargo/bitflags@2.6.0', '2.6.0', 'required', 'Cargo.lock:11'],
      ['pkg:cargo/itoa@1.0.11', '1.0.11', 'required', 'Cargo.lock:36'],
      ['pkg:cargo/memchr@2.7.4', '2.7.4', 'required', 'Cargo.lock:42'],
      ['pkg:cargo/ryu@1.0.18', '1.0.18', 'required', 'Cargo.lock:48'],
      ['pkg:cargo/serde@1.0.210', '1.0.210', 'required', 'Cargo.lock:54'],
      ['pkg:cargo/serde_json@1.0.132', '1.0.132', 'required', 'Cargo.lock:60'],
      // A dev-dependency of infusion-proto: Cargo.lock does not say so, hence required.
      ['pkg:cargo/static_assertions@1.1.0', '1.1.0', 'required', 'Cargo.lock:72'],
    ]);
    expect(inventory.roots).toEqual(['pkg:cargo/bitflags@1.3.2', 'pkg:cargo/bitflags@2.6.0', 'pkg:cargo/serde@1.0.210', 'pkg:cargo/serde_json@1.0.132', 'pkg:cargo/static_assertions@1.1.0']);
  });

  it('gives a crate its checksum as SHA-256 and its dependencies by name, or by name and version where two are locked', () => {
    const components = readCargoLock(cargoLock, 'Cargo.lock').components;

    expect(components.find((c) => c.name === 'serde_json')).toMatchObject({
      ecosystem: 'cargo',
      hashes: [{ alg: 'SHA-256', content: '9d3b117998afa92d43ef6d75102e0d4d7a2b9d14907fd1ef55dae8a9af1d35fa' }],
      dependsOn: ['pkg:cargo/itoa@1.0.11', 'pkg:cargo/memchr@2.7.4', 'pkg:cargo/ryu@1.0.18', 'pkg:cargo/serde@1.0.210'],
    });
  });

  it('reads format 1, with checksums under [metadata] and full references, and marks crates from git or another registry', () => {
    const v1 = [
      '[[package]]',
      'name = "app"',
      'version = "0.1.0"',
      'dependencies = [',
      ` "libc 0.2.159 (${CRATES_IO})",`,
      ' "crc-catalog 2.4.0 (git+https://github.com/mrhooray/crc-catalog?rev=1f3c#1f3c2b9)",',
      ' "tg-hal 0.9.0 (sparse+https://crates.tollgate.internal/index/)",',
      ']',
      '[[package]]',
      'name = "libc"',
      'version = "0.2.159"',
      `source = "${CRATES_IO}"`,
      '[[package]]',
      'name = "crc-catalog"',
      'version = "2.4.0"',
      'source = "git+https://github.com/mrhooray/crc-catalog?rev=1f3c#1f3c2b9"',
      '[[package]]',
      'name = "tg-hal"',
      'version = "0.9.0"',
      'source = "sparse+https://crates.tollgate.internal/index/"',
      '[metadata]',
      `"checksum libc 0.2.159 (${CRATES_IO})" = "${'A1'.repeat(32)}"`,
      '"checksum crc-catalog 2.4.0 (git+https://github.com/mrhooray/crc-catalog?rev=1f3c#1f3c2b9)" = "<none>"',
    ].join('\n');

    const inventory = readCargoLock(v1, 'Cargo.lock');

    expect(inventory.components.map((c) => [c.purl, c.hashes])).toEqual([
      ['pkg:cargo/crc-catalog@2.4.0?vcs_url=git%2Bhttps%3A%2F%2Fgithub.com%2Fmrhooray%2Fcrc-catalog%401f3c2b9', []],
      ['pkg:cargo/libc@0.2.159', [{ alg: 'SHA-256', content: 'a1'.repeat(32) }]],
      ['pkg:cargo/tg-hal@0.9.0?repository_url=https%3A%2F%2Fcrates.tollgate.internal%2Findex%2F', []],
    ]);
    expect(inventory.roots).toHaveLength(3);
  });

  it('refuses a lock cut short before a crate another depends on, naming the dependent', () => {
    const truncated = cargoLock.slice(0, cargoLock.indexOf('[[package]]\nname = "static_assertions"'));

    expect(() => readCargoLock(truncated, 'Cargo.lock')).toThrow(inputError({ reason: 'package infusion-proto depends on "static_assertions", which the lock does not hold (truncated?)', position: { line: 27 } }));
  });

  it('refuses a bare name when two versions are locked', () => {
    const ambiguous = cargoLock.replace('"bitflags 2.6.0"', '"bitflags"');

    expect(() => readCargoLock(ambiguous, 'Cargo.lock')).toThrow(inputError({ reason: expect.stringContaining('which the lock holds more than once'), position: { line: 17 } }));
  });

  it.each([
    ['a cut inside a string', cargoLock.slice(0, cargoLock.indexOf('1.0.132') + 4), { line: 62, column: 11 }],
    ['a cut inside the dependencies array', cargoLock.slice(0, cargoLock.indexOf(' "ryu",')), { line: 68, column: 1 }],
  ])('names the line and column of %s', (_case, text, position) => {
    expect(() => readCargoLock(text, 'crates/Cargo.lock')).toThrow(inputError({ file: 'crates/Cargo.lock', position }));
  });

  it('refuses a checksum that is not SHA-256 hex, and a lock format it does not know', () => {
    expect(() => readCargoLock(cargoLock.replace(/checksum = "9d3b[0-9a-f]+"/, 'checksum = "9d3b"'), 'Cargo.lock')).toThrow(inputError({ position: { line: 60 } }));
    expect(() => readCargoLock(cargoLock.replace('version = 4', 'version = 5'), 'Cargo.lock')).toThrow(inputError({ position: { line: 1 } }));
  });
});
